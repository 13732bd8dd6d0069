package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The seventeenth round's second fresh set: 9 real excerpts (src/test/resources/logs/heldapart76: OCR, remote
 * sensing and medical segmentation: a TrOCR fine-tune's CRLF print loop with -joined bars, Ultralytics rows on
 * xView, mmseg change detection, an "EPOCH n TRAIN METRICS{dict}" trainer whose loss is cd_losses, a notebook's
 * print loop, crnn.pytorch's "[e/N][i/M] Loss:" and a fork that prints the counters alone, nnU-Net v2 blocks),
 * collected by a helper who did not read the parser, expectations written before the parser ran.
 */
class ProgressParserHeldApart76Test {

    // measured once, with the code of 78b5f47, before these were seen: 7/9, fields 25/31. Then read: a loss
    // named "cd_losses" (a value's own "losses"), the phase before a dict ("EPOCH 10 VALIDATION METRICS{..}"), two
    // counters alone on a line ("[0/25][1000/1563]").
    static final int FLOOR = 9;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart76", "held-apart 76", 9, FLOOR);
    }
}
