package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's twelfth fresh set: 3 real excerpts (src/test/resources/logs/heldapart66, outside Python:
 * brain.js's "iterations: N training error: X", LightGBM's CLI under MPI (issues); MATLAB's Neural Network Toolbox
 * "Epoch N/M, Time, Performance x/goal, Gradient" lines (committed)), collected by a helper who did not read the parser
 * (it stopped at 3), expectations written before the parser ran on them.
 */
class ProgressParserHeldApart66Test {

    // measured once, with the code of 2887e45, before these were seen: 1/3, fields 4/7; 2/3 and fields 6/7 after
    // (MatlabRule). Left: brain.js's "training error" (an error is as often a rate as a loss; one library's line).
    static final int FLOOR = 2;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart66", "held-apart 66", 3, FLOOR);
    }
}
