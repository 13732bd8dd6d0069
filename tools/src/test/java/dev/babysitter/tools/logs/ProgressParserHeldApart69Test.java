package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's fifteenth fresh set: 7 real excerpts (src/test/resources/logs/heldapart69, all committed, from
 * leads earlier collectors left: a PointNet TF log with "**** EPOCH 037 ****" blocks, GANILLA's CycleGAN loss_log, a
 * Keras FCN's verbose=2 epochs, SMIX's PyMARL cout.txt, DeePMD's lcurve.out, DAGL's EDSR-derived tab rows without
 * labels, RandLA-Net's IoU lines with no loss), collected by a helper who did not read the parser (it stopped at 7),
 * expectations written before the parser ran on them.
 */
class ProgressParserHeldApart69Test {

    // measured once, with the code of 7d2d393, before these were seen: 6/7, fields 15/17. Left: DAGL's "[160/800]"
    // rows, whose unlabelled columns give the counter no loss to stand beside.
    static final int FLOOR = 6;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart69", "held-apart 69", 7, FLOOR);
    }
}
