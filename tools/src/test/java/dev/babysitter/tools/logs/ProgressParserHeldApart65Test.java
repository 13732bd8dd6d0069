package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's eleventh fresh set: 1 real excerpt (src/test/resources/logs/heldapart65, a framework's default
 * output: the transformers Trainer's bar and dicts with blank redraw lines, from an issue thread), collected by a
 * helper who did not read the parser (it stopped at 1), the expectation written before the parser ran on it.
 */
class ProgressParserHeldApart65Test {

    // measured once, with the code of 2887e45, before it was seen: 1/1, fields 3/4. Left: the fractional epoch.
    static final int FLOOR = 1;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart65", "held-apart 65", 1, FLOOR);
    }
}
