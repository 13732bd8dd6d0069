package dev.babysitter.agent.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.tools.logs.Progress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParserFuzzTest {
  @Test
  void randomBinaryHugeAndAdversarialLinesBreakNothing(@TempDir Path dir) {
    ChaosResult r = new ParserFuzz().run(new ChaosSettings(7, true, dir));

    assertThat(r.trials()).isEqualTo(5_000);
    assertThat(r.violations()).as(r.line() + " " + r.examples()).isZero();
    assertThat(r.figures()).containsEntry("huge_lines", "2");
    // The fuzz reaches the parser's rules, not only its early exits.
    assertThat(Long.parseLong(r.figures().get("readings"))).isPositive();
    assertThat(Double.parseDouble(r.figures().get("heap_growth_mb"))).isLessThan(256);
  }

  @Test
  void theOracleNamesReadingsNoLogCanMean() {
    Progress negative = new Progress("x", -5L, null, null, null, null, 2.0, null, null, null,
        false);
    Progress silentNan = new Progress("x", 5L, null, null, null, null, Double.NaN, null, null,
        null, false);
    Progress fine = new Progress("x", 5L, null, null, null, null, Double.NaN, null, null, null,
        true);

    assertThat(ParserFuzz.implausible(negative)).contains("negative step");
    assertThat(ParserFuzz.implausible(silentNan)).contains("NaN/Inf");
    assertThat(ParserFuzz.implausible(fine)).isNull();
  }
}
