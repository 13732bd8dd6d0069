package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The seventeenth round's ninth fresh set: 5 real excerpts (src/test/resources/logs/heldapart84, anomaly detection,
 * forecasting and tabular deep learning: a VAE's "Epoch: 000/003 | Batch 0500/3860 | Loss:" after a checklist banner,
 * Time-Series-Library's tab-indented "iters: N, epoch: E | loss: X", STgram-MFN's "INFO:utils:Epoch-N	loss:X",
 * AutoGluon's "Epoch N.  Train loss: X, Val roc_auc: Y", R TabNet's "#> [Epoch 001] Loss: X, Valid loss: Y"),
 * collected by a helper who did not read the parser (it stopped at 5), expectations written before the parser ran.
 */
class ProgressParserHeldApart84Test {

    // measured once, with the code of 2463dc6, before these were seen: 5/5, fields 13/14. Then read a hyphen
    // between a counting word and its integer ("Epoch-85	loss:12.74").
    static final int FLOOR = 5;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart84", "held-apart 84", 5, FLOOR);
    }
}
