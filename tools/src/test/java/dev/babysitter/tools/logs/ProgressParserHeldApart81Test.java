package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The seventeenth round's seventh fresh set: 2 real excerpts (src/test/resources/logs/heldapart81, machine learning
 * outside Python: a hand-written C++/CUDA trainer's "step: N | loss: X | grad_norm" lines, Deeplearning4j's
 * PerformanceListener lines beside a listener's "Score curve area at iteration N is NaN", which is no loss),
 * collected by a helper who did not read the parser (it stopped at 2), expectations written before the parser ran.
 */
class ProgressParserHeldApart81Test {

    // measured once, with the code of 724a80a, before these were seen: 2/2, fields 3/3.
    static final int FLOOR = 2;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart81", "held-apart 81", 2, FLOOR);
    }
}
