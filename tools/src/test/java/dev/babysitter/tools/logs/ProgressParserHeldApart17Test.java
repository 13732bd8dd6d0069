package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The seventh round's fourth fresh set: 24 real excerpts (src/test/resources/logs/heldapart17: ALBERT on aws-samples,
 * DeepQLearning.jl, DNABERT, end2end-asr, EquiReact, GAE, gretel-synthetics (Keras), an LLM-pretrain log, PEFT's
 * LoRA-GA, spaCy's NER CLI, stock-rnn, UniRec; audio-diffusion (Lightning), a Mask R-CNN thesis log, a fetal-head
 * U-Net, HTR-VT, mmrotate's JSON log, a Keras U-Net, MS-G3D, QueryDet on detectron2, Strip R-CNN on mmrotate,
 * TalkingGaussian, a TF GAN tutorial, tensorflow-yolov3), collected by two helpers who did not read the parser,
 * expectations written before the parser ran on them.
 */
class ProgressParserHeldApart17Test {

    // measured once, with the round's code after heldapart16's changes (f7c50b2), before these were seen: 22/24.
    // Generalised by class after that (a checkpoint callback's "loss improved from a to b" / "did not improve from
    // a" is no reading; a finished Keras bar without a loss is predict() or evaluate()): 23/24. Left: spaCy's train
    // table (column names with blanks: "E  #  LOSS TOK2VEC  LOSS NER  ENTS_F ...").
    // 24 since the eighteenth round: spaCy's train table (epoch, step, the first component's loss).
    static final int FLOOR = 24;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart17", "held-apart 17", 24, FLOOR);
    }
}
