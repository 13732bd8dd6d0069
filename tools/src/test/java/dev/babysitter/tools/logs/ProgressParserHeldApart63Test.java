package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's ninth fresh set: 6 real excerpts (src/test/resources/logs/heldapart63, vision classics: an
 * insightface MXNet triplet fine-tune (issue); AlexeyAB's darknet with mAP blocks, DeblurGAN's loss_log with restarts,
 * a hand-written Faster R-CNN loop, a re-ID trainer counting epochs, EDSR's "[Epoch N]" blocks with appended runs
 * (committed)), collected by a helper who did not read the parser (it stopped at 6), expectations written before the
 * parser ran on them.
 */
class ProgressParserHeldApart63Test {

    // measured once, with the code of 1647c22, before these were seen: 5/6, fields 13/15; fields 14/15 after
    // (EDSR's "[Epoch 2]	Learning rate:" banner). Left: AlexeyAB's "1004: 0.890603, 0.863511 avg loss", where the
    // labellers split (held-apart 2 expected the average the line names the loss, this set the batch's loss before it).
    static final int FLOOR = 5;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart63", "held-apart 63", 6, FLOOR);
    }
}
