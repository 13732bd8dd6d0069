package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The twentieth round's parser set: 15 logs that real frameworks wrote on this machine
 * (src/test/resources/logs/heldapart97: scikit-learn's boosting tables, MLP and SGD reports, skorch's epoch tables with
 * their colours and progress bars, and xgboost's train, cv and scikit-learn-API rounds), each job's script beside it,
 * expectations written before the parser ran.
 */
class ProgressParserHeldApart97Test {

    // measured once, with the code of b59a82f, before these were seen: 11/15, fields 33/42.
    // Then read coloured rows, rows after an erased bar, blank cells by position and xgboost.cv's mean+spread.
    static final int FLOOR = 15;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart97", "held-apart 97", 15, FLOOR);
    }
}
