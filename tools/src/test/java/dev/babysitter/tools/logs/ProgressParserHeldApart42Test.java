package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The fourteenth round's fourth fresh set: 12 real excerpts (src/test/resources/logs/heldapart42, hand-written loops
 * and other stacks: from threads Flux's 2017 "loss(x, y) = param(..)" pairs, a TF1 "= >   step: N loss:" loop, and a
 * Chinese tutorial's "训练次数：N, Loss：X" with full-width colons; committed: DiffEqFlux's Julia logger, MATLAB's
 * YOLOv4 training table ruled with underscores and blank validation cells, a Caffe solver log, TF1's right-aligned
 * "Iter:" lines, a segmentation sweep with Chinese status lines, IP-Adapter's Chinese epoch summaries behind bars,
 * tqdm glued to validation lines, a skeleton trainer's dated lines, a CRLF log), collected by a helper who did not read
 * the parser, expectations written before the parser ran on them.
 */
class ProgressParserHeldApart42Test {

    // measured once, with the code of 1c12c91, before these were seen: 9/12; after its classes 12/12
    // (ProgressParserRoundFourteenTest): a key written as a call ("loss(x, y)") and Flux's tracked "param(v)";
    // MATLAB's table whose rows carry an elapsed time and leave the validation column blank; "次数" as a step word.
    static final int FLOOR = 12;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart42", "held-apart 42", 12, FLOOR);
    }
}
