package dev.babysitter.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
      "24h, PT24H",
      "15m, PT15M",
      "30s, PT30S",
      "500ms, PT0.5S",
      "2d, PT48H",
      "1h30m, PT1H30M",
      "1d2h3m4s5ms, PT26H3M4.005S",
      "90, PT1M30S",
      "0, PT0S",
      "' 15m ', PT15M"
  })
  void parsesEveryDocumentedForm(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @CsvSource({
      "PT1H30M, 1h30m",
      "PT45S, 45s",
      "PT48H, 2d",
      "PT26H, 1d2h",
      "PT0.5S, 500ms",
      "PT0S, 0s",
      "PT1M0.25S, 1m250ms"
  })
  void formatsLargestUnitsFirstAndParsesBack(String iso, String text) {
    Duration d = Duration.parse(iso);
    assertThat(Durations.format(d)).isEqualTo(text);
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "abc", "15x", "h", "1.5h", "-5m", "15 m", "30m1h", "1h1h", "5mm"})
  void rejectsMalformedTextWithTheTextInTheMessage(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duration");
  }

  @Test
  void namesTheOffendingTextAndTheAcceptedForms() {
    assertThatThrownBy(() -> Durations.parse("15x"))
        .hasMessage("invalid duration \"15x\"; use e.g. 2d, 24h, 15m, 30s, 500ms, 1h30m or a plain"
            + " number of seconds");
    assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesOverflowInsteadOfWrappingAround() {
    assertThatThrownBy(() -> Durations.parse("99999999999999999999s"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
    assertThatThrownBy(() -> Durations.parse("9223372036854775807d"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
  }
}
