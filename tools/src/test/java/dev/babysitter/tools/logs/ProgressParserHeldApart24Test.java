package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The eighth round's fourth fresh set: 24 real excerpts (src/test/resources/logs/heldapart24: a multi-agent DQN, a
 * staged T5 fine-tune, a Spanish-language AlphaZero (from the index's text: no snapshot), OLMo, Marian, a Keras BiLSTM-
 * CRF, BioNeMo Evo2, Chinese char-LMs, Coqui VITS, wordplay's DDP, MiniTorch (from the index's text), Megatron-Bridge;
 * detectron2, a Lightning CSVLogger metrics.csv, a CycleGAN, DETR, Caffe Faster R-CNN, mmdetection in Markdown, a GAN
 * book, old PaddleDetection, PointTransformer, PyTorch-YOLOv3, ssd.pytorch, YOLOX), from committed logs, docs and
 * notebooks, collected by two helpers who did not read the parser, expectations written before the parser ran on
 * them.
 */
class ProgressParserHeldApart24Test {

    // measured once, with the code of 8acde71, before these were seen: 17/24. Generalised by class after that (a
    // parenthetical that qualifies a key in words is no value, "Training Loss (avg over last 100): 0.2409", while "Ep 1
    // (Step 000005):" still counts; a CSV logger's sparse row whose last cells are empty; an RL episode counter is
    // the step when the line counts nothing else, "Episode 7/10 | .. | Loss: 0.4"): 20/24. Left: AlphaZero's
    // iteration on a line of its own, wordplay's bar and log line sharing a physical line, MiniTorch's bars run
    // together, PyTorch-YOLOv3's "[Losses: .., total 8.15, ..]" (a bare "total" is as often a count). The fifteenth
    // round reads that "total" inside a "Losses:" group only: 21/24.
    static final int FLOOR = 21;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart24", "held-apart 24", 24, FLOOR);
    }
}
