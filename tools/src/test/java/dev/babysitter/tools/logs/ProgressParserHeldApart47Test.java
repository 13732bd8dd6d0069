package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The fifteenth round's third fresh set: 12 real excerpts (src/test/resources/logs/heldapart47, vision beyond the
 * detection frameworks: nnU-Net v1, segmentation_models' Keras fit and a Markdown table (issues); RAFT, MMSegmentation,
 * a Markdown log of a ResNet, a Chinese tqdm classifier, a cluster-contrast re-ID trainer among debug prints, a CycleGAN
 * fork, a Kaggle State Farm logger, a re-ID trainer printing tensors, FCN-pytorch's print loop (committed)), collected
 * by a helper who did not read the parser, expectations written before the parser ran on them.
 */
class ProgressParserHeldApart47Test {

    // measured once, with the code of ec290ed, before these were seen: 9/12 (counters glued to their words, a
    // "loss_shared 0.0 0.0" debug print read as an iteration, RAFT's "[  6000, lr= ..]  epe=nan" with no loss);
    // 11/12 after the round. Left: RAFT's bracketed step over end-point errors only.
    static final int FLOOR = 11;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart47", "held-apart 47", 12, FLOOR);
    }
}
