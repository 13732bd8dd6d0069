package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's first fresh set: 6 real excerpts (src/test/resources/logs/heldapart55, time series,
 * recommendation and hand-written loops: N-BEATS and Deep-Knowledge-Tracing under Keras 2, Informer's per-epoch NaN
 * lines, a Keras 3 LSTM with scientific-notation losses, freerec's "[Coach] >>> TRAIN @Epoch" records, a Chinese
 * regression loop with a "Test Loss (Normalized)" line), collected by a helper who did not read the parser (it stopped
 * at 6), expectations written before the parser ran on them.
 */
class ProgressParserHeldApart55Test {

    // measured once, with the code of 33aa3e4, before these were seen: 6/6, fields 22/23 (the test loss under its
    // parenthesised qualifier unread); fields 23/23 after (a one-word qualifier after a loss key).
    static final int FLOOR = 6;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart55", "held-apart 55", 6, FLOOR);
    }
}
