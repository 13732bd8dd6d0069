package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The seventh round's sixth fresh set: 24 real excerpts (src/test/resources/logs/heldapart19: BigScience's
 * Megatron-DeepSpeed, chemprop (Lightning), darts, DeepSpeed-Chat, DGL-KE, fastText, pfrl, RecBox, Microsoft
 * recommenders, Real-Time-Voice-Cloning, Trax, pytorch-widedeep; a BraTS Keras CSVLogger, a diffusion-distillation
 * log, Deep Learning with Python and Hands-On ML 3 (Keras), Hugging Face's SDXL DreamBooth notebook, pytorch deep
 * learning's ViT, bentrevett's VGG, Roboflow's YOLOX, a rooftop segmentation, an HRNet-style log, ssd-pytorch, SAM
 * fine-tuning), many from notebooks and committed logs, collected by two helpers who did not read the parser,
 * expectations written before the parser ran on them.
 */
class ProgressParserHeldApart19Test {

    // measured once, with the round's code after heldapart18's changes (9501dae), before these were seen: 18/24.
    // Generalised by class after that (a separated header's names may hold digits, "mean_io_u_5", "top5_acc"; a
    // tqdm bar described "valid:" or "dev:" is an evaluation's): 20/24. Left: pfrl's statistics list of tuples,
    // RecBox's three-line records ("--- 778/778 batches finished ---" then "Train loss: .."), Trax's
    // "Step 100: train WeightedCategoryCrossEntropy |  0.287", and RTVC's global "Step: 89k" against the expected
    // per-epoch batch counter.
    static final int FLOOR = 20;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart19", "held-apart 19", 24, FLOOR);
    }
}
