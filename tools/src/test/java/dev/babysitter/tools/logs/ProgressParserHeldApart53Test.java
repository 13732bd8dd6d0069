package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The fifteenth round's ninth fresh set: 3 real excerpts (src/test/resources/logs/heldapart53, Chinese-labelled logs: a
 * print loop with "Batch 个数 N, 当前Batch Loss:" committed in a docstring, RE3QA's logging lines with a Chinese
 * "omitted here" marker (issue), a CIFAR-10 loop whose every line opens with "<br>" under a Chinese heading), collected
 * by a helper who did not read the parser (it stopped at 3), expectations written before the parser ran on them.
 */
class ProgressParserHeldApart53Test {

    // measured once, with the code of f728d27, before these were seen: 3/3 (no change made for them)
    static final int FLOOR = 3;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart53", "held-apart 53", 3, FLOOR);
    }
}
