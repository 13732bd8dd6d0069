package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's second fresh set: 5 real excerpts (src/test/resources/logs/heldapart56, TensorFlow and
 * detection: the TF1 Object Detection API's "global step N: loss = X", old Keras fit() one line per epoch, DBNet's
 * "NAME INFO: [1/200], [25/288], global_step:" records, YOLOX on Cambricon MLU, a hand-written TensorFlow print loop),
 * collected by a helper who did not read the parser (it stopped at 5), expectations written before the parser ran.
 */
class ProgressParserHeldApart56Test {

    // measured once, with the code of 33aa3e4, before these were seen: 5/5, fields 16/18 (DBNet's epoch lost to the
    // log level read as the key of its bracketed counter); fields 17/18 after. Left: the total 288, which belongs to
    // the epoch's batch counter, not to the global step the parser reports.
    static final int FLOOR = 5;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart56", "held-apart 56", 5, FLOOR);
    }
}
