package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The seventeenth round's tenth fresh set: 10 real excerpts (src/test/resources/logs/heldapart83, hyperparameter
 * search and AutoML: Keras Tuner's trial tables around Keras epochs, Ludwig's box-drawn train/vali/test tables (issues);
 * Ray Tune's new box-drawn result tables and its legacy "== Status ==" reporter, Optuna studies around four hand-written
 * loops (one printing a growing dict of per-epoch lists), a random search's "(Epoch E / 10) train loss: X; val loss:",
 * a grid search in Chinese with its own run counter (committed)), collected by a helper who did not read the parser,
 * expectations written before the parser ran.
 */
class ProgressParserHeldApart83Test {

    // measured once, with the code of 3d6894e, before these were seen: 7/10, fields 26/32. Left: Ludwig's
    // box-drawn tables (a phase per row, the loss per column), Ray Tune's box-drawn result tables, a dict whose values
    // are lists of every epoch's numbers.
    static final int FLOOR = 7;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart83", "held-apart 83", 10, FLOOR);
    }
}
