package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's sixteenth fresh set: 4 real excerpts (src/test/resources/logs/heldapart70: DySPN's
 * comma-separated epoch table with RMSE columns, a Keras fit pasted in a pull request (issues); FGC-GraspNet's
 * "---- batch: NNN ----" blocks, dcg's PyMARL cout.txt (committed)), collected by a helper who did not read the parser
 * (it stopped at 4), expectations written before the parser ran on them.
 */
class ProgressParserHeldApart70Test {

    // measured once, with the code of 7d2d393, before these were seen: 3/4, fields 9/13. Left: DySPN's table, whose
    // RMSE columns the collector read as the losses (no column names a loss).
    static final int FLOOR = 3;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart70", "held-apart 70", 4, FLOOR);
    }
}
