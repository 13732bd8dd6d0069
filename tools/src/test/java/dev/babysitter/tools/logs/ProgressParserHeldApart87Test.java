package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The eighteenth round's second fresh set: 7 real excerpts (src/test/resources/logs/heldapart87, from three
 * collectors who each stopped early: audio (FastSpeech2 resumed twice, Grad-TTS's per-epoch component losses),
 * detection and segmentation (ssd.pytorch going NaN in an issue, a Keras PSPNet's hand-written batch lines, a U-Net's
 * epoch lines with component losses, YOLOv5's Colab output in a README) and small-lab LLM pretraining (the Hugging
 * Face Trainer's carriage-return-joined bars before each loss dict)), expectations written before the parser ran.
 */
class ProgressParserHeldApart87Test {

    // measured once, with the code of 97823ce, before these were seen: 7/7, fields 18/19 (the PSPNet line's epoch,
    // written before its word: "27/10105 in 0 epoch finished", is not read).
    static final int FLOOR = 7;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart87", "held-apart 87", 7, FLOOR);
    }
}
