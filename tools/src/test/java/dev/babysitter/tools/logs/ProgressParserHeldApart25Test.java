package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The ninth round's first fresh set: 23 real excerpts (src/test/resources/logs/heldapart25: a BERT text classifier's
 * "Iter:" lines, minGPT's chargpt, OpenNMT-py on SageMaker, TRL SFT dicts with quoted values, a Chinese IDCNN-CRF NER,
 * an RL LoRA post-training log, SB3 PPO tables on SUMO, an Indonesian G2P, GPT-2 Chinese, a CSV epoch log, PyTorch's
 * word language model, verl GRPO under Ray; DETR's JSON log.txt, Fast-SCNN with "||" fields, a CycleGAN loss_log, old
 * YOLOv5, torch-ngp, a Lightning video model's NaN, detectron2's metrics.json, PaddleViT, PaddleDetection in
 * Markdown, PaddleGAN, PySlowFast's json_stats), from committed logs, docs and notebooks, collected by two helpers who
 * did not read the parser, expectations written before the parser ran on them.
 */
class ProgressParserHeldApart25Test {

    // measured once, with the code of fa0b4d6, before these were seen: 20/23. Generalised by class after that (a
    // line longer than the old 4,096-char cap is one JSON record read whole, its main keys first; an OpenMMLab-like
    // "Epoch: [199/200] Iter [1487/1487] || .. || Loss: 1.1" that mmengine's lower-case keys do not fit is the
    // generic reader's, epoch and loss with the counter): 22/23; 23/23 after the sixteenth round (a step counted against
    // its total outranks an iteration with none, which counts the passes: the NER log's "iteration:101 step:0/82").
    static final int FLOOR = 23;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart25", "held-apart 25", 23, FLOOR);
    }
}
