package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The seventh round's second fresh set: 24 real excerpts (src/test/resources/logs/heldapart15: LightGBM's CLI, MBHT on
 * RecBole, TextGCN, a causal model-based RL loop, keithito's Tacotron, Mozilla DeepSpeech, LTSF-Linear, MRC-NER,
 * a GPT-2 course log, an en-zh translation log, a Keras potential-energy fit, a Keras CSVLogger; LogoSP, FairMOT-X,
 * DSCNet, VNL depth, MXNet CornerNet, OpenSelfSup BYOL, Caffe captioning, pytorch/examples VAE, DeepDanbooru, an MRI
 * U-Net report, a Keras 3 SegNet, Deeplab-v3plus), collected by two helpers who did not read the parser,
 * expectations written before the parser ran on them.
 */
class ProgressParserHeldApart15Test {

    // measured once, with the round's code after heldapart14's changes (f9acfc4), before these were seen: 18/24.
    // Generalised by class after that (a key qualified by a numbered set, "valid_1 binary_logloss"; "binary" and
    // "multi" as a loss's kind; a one-letter log level before a phase label, "I Validation of Epoch 1 - loss";
    // MXNet's batch range "Batch [700-720]" is at its end): 20/24. The eighth round's loss sentence (a loss named
    // for when it was taken, counters glued to their words) read Deeplab's "loss of epoch3-batch-350:": 21/24.
    // Left: progressbar2's "(124 of 124)" counter, MRC-NER's value on the line after its label, a "key, value" CSV
    // line.
    static final int FLOOR = 21;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart15", "held-apart 15", 24, FLOOR);
    }
}
