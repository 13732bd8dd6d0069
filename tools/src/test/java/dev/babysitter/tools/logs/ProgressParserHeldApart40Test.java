package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The fourteenth round's second fresh set: 12 real excerpts (src/test/resources/logs/heldapart40, vision and
 * generative models: from issue threads tf-faster-rcnn's "iter: N / 70000, total loss:" blocks, faster-rcnn.pytorch's
 * tabbed records, a Gaussian-splatting bar with "Loss=", musubi-tuner's video LoRA bars, a CRNN's Chinese validation
 * lines, ssd_keras' epoch lines among callbacks; committed: darknet YOLOv3, MMDetection 2.x exported to Markdown,
 * a temporal action detector's "Tot Loss", CSRA in Paddle with evaluation bars, PaddleDetection with a COCO table,
 * and a log opening with a git patch), collected by a helper who did not read the parser, expectations written before
 * the parser ran on them.
 */
class ProgressParserHeldApart40Test {

    // measured once, with the code of 3b287ba, before these were seen: 10/12; after its classes 12/12
    // (ProgressParserRoundFourteenTest): "Tot Loss" beside its components, and an evaluation's bars under "Test on
    // Epoch 30" and "Evaluation" (a right-aligned tqdm percentage read as an indent; a counter out of another total).
    static final int FLOOR = 12;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart40", "held-apart 40", 12, FLOOR);
    }
}
