package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real excerpts from trainers that have no rule of their own (src/test/resources/logs/generic, source URL and
 * {@code # expect:} line in each): the generic key/value, dict and JSON readers must get every expected field.
 * These were used while building the generic rules; the honest estimate is {@link ProgressParserHeldApartTest}.
 */
class ProgressParserGenericTest {

    static List<ProgressParserHeldOutTest.Score> scores() throws Exception {
        return ProgressParserHeldOutTest.scoreAll("generic");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scores")
    void everyExpectedFieldIsRead(ProgressParserHeldOutTest.Score s) {
        assertThat(s.misses()).as(s.file()).isEmpty();
        assertThat(s.expected()).isGreaterThanOrEqualTo(2);
    }
}
