package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The nineteenth round's first fresh set: 9 real excerpts (src/test/resources/logs/heldapart92, tabular and classical
 * iterative learners: CatBoost's cv() output quoted in an issue, its training JSON and learn_error.tsv, Vowpal
 * Wabbit's progressive-validation table, MADlib's MLP notices from PostgreSQL, scikit-learn's gradient-boosting
 * verbose table, R xgboost's RMSE lines across an early stop, a TensorFlow word2vec print loop, an XGBoost rolling-
 * window retraining logger), collected by a helper who did not read the parser, expectations written before the parser
 * ran.
 */
class ProgressParserHeldApart92Test {

    // measured once, with the code of 14c982d, before these were seen: 4/9, fields 10/21.
    // Then read a value in chevrons (MADlib).
    static final int FLOOR = 5;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart92", "held-apart 92", 9, FLOOR);
    }
}
