package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The seventh round's seventh fresh set: 24 real excerpts (src/test/resources/logs/heldapart20: garage TRPO, JoeyNMT,
 * keras-tcn, makemore, Marian's regression tests, minGPT, an MXNet Gluon tutorial, PyTorch-BigGraph, skorch,
 * spotlight, torchdrug, Vowpal Wabbit; insightface arcface_torch, GluonCV DeepLab, MindCV, mmengine, mmocr,
 * PaddlePaddle's book, rasbt's conv VAE, segmentation_models.pytorch, zhixuhao's U-Net (Keras), UniMatch and
 * UniMatch-V2, wide-residual-networks (Lua Torch)), from committed logs, docs and notebooks (the helpers' issue
 * search was out of budget), collected by two helpers who did not read the parser, expectations written before the
 * parser ran on them.
 */
class ProgressParserHeldApart20Test {

    // measured once, with the round's code after heldapart19's changes (1221c85), before these were seen: 20/24.
    // Generalised by class after that (an evaluation tqdm bar's loss is the eval loss, not the training loss:
    // "valid: 100%|..| 101/101 [.., dice_loss - 0.1788]"): 21/24. Left: makemore's keyless "190000/ 200000: 1.8555",
    // Vowpal Wabbit's progress table (average loss, since last, example counter), garage's LossBefore/LossAfter.
    static final int FLOOR = 21;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart20", "held-apart 20", 24, FLOOR);
    }
}
