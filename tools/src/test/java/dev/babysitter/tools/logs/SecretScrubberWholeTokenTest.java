package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Known secret values are masked only as whole tokens, and too-short values not at all: the
 * scrubber never rewrites an ordinary word (it once printed {@code ConnectE***ception}).
 */
class SecretScrubberWholeTokenTest {

    static final String TRACE = "java.net.ConnectException: Connection refused\n"
            + "\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)\n"
            + "Caused by: java.io.IOException: exception while exporting logs, retrying 1/3";

    @Test
    void aKnownValueInsideALongerWordIsLeftAlone() {
        // "xception" and "Connection" are legitimate-length values that also occur inside words
        SecretScrubber s = new SecretScrubber(List.of("xception", "onnection", "exporting"));
        assertThat(s.scrub(TRACE)).isEqualTo(TRACE.replace("exporting", "***"));
    }

    @Test
    void tooShortValuesAreNotLiteralSecrets() {
        SecretScrubber s = SecretScrubber.fromEnvironment(Map.of(
                "VAST_API_KEY", "x", "DB_PASSWORD", "Net", "MY_TOKEN", "1", "HF_TOKEN", "true"));
        assertThat(s.scrub(TRACE)).isEqualTo(TRACE);
        assertThat(s.scrub("step 1 of 10: loss true")).isEqualTo("step 1 of 10: loss true");
        // ... while an assignment the patterns recognise is still masked, whatever its length
        assertThat(s.scrub("export MY_TOKEN=1 and DB_PASSWORD=Net")).isEqualTo("export MY_TOKEN=*** and DB_PASSWORD=***");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plainvalue42|***",
        "(plainvalue42)|(***)",
        "url?key=plainvalue42&x=1|url?key=***&x=1",
        "https://user:plainvalue42@host/x|https://***@host/x",
        "'plainvalue42'.|'***'.",
        "plainvalue42_suffix|***_suffix",
        "plainvalue42 plainvalue42|*** ***",
        "xplainvalue42|xplainvalue42",
        "plainvalue42x|plainvalue42x",
        "plainvalue420|plainvalue420",
        "Éplainvalue42|Éplainvalue42"
    })
    void wholeTokensAreMasked(String in, String out) {
        SecretScrubber s = new SecretScrubber(List.of("plainvalue42"));
        assertThat(s.scrub(in)).isEqualTo(out);
    }

    @Test
    void aValueWithPunctuationAtItsEdgeIsMaskedNextToLetters() {
        SecretScrubber s = new SecretScrubber(List.of("-s3cr3t+pw-"));
        assertThat(s.scrub("arg-s3cr3t+pw-end")).isEqualTo("arg***end");
        assertThat(SecretScrubber.maskWholeToken("ConnectException x", "x", "<redacted>"))
                .isEqualTo("ConnectException <redacted>");
    }
}
