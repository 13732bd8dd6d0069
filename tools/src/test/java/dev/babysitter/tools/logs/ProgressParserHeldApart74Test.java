package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's twentieth fresh set: 6 real excerpts (src/test/resources/logs/heldapart74, committed logs
 * under Chinese file names: old Keras bars counting samples, a CRNN OCR's Keras epochs in scientific notation,
 * Time-Series-Library's "iters: N, epoch: E | loss:" with Train/Vali/Test summaries, a hand-written "SYS: EpN: Loss="
 * loop among Chinese status lines (from GBK), PyTorch epoch blocks, keras-yolo3's step bars after its banners),
 * collected by a helper who did not read the parser (it stopped at 6), expectations written before the parser ran.
 */
class ProgressParserHeldApart74Test {

    // measured once, with the code of 4e9fe6e, before these were seen: 6/6, fields 23/24. Left: the epoch glued to
    // "Ep" in "SYS: Ep9: Loss=".
    static final int FLOOR = 6;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart74", "held-apart 74", 6, FLOOR);
    }
}
