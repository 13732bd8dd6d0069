package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's seventh fresh set: 3 real excerpts (src/test/resources/logs/heldapart61, speech and audio, all
 * committed: fairseq-hydra wav2vec 2.0 pretraining's JSON records with quoted numbers, ECAPA-TDNN's "N epoch, LR, LOSS,
 * ACC, EER" score lines, an anti-spoofing classifier's tab-separated Python logging with sample counters), collected
 * by a helper who did not read the parser (it stopped at 3), expectations written before the parser ran on them.
 */
class ProgressParserHeldApart61Test {

    // measured once, with the code of 9e13533, before these were seen: 3/3, fields 9/11. Left: ECAPA-TDNN's
    // "23 epoch," (the count before its word) and a "====> Epoch: 14" banner.
    static final int FLOOR = 3;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart61", "held-apart 61", 3, FLOOR);
    }
}
