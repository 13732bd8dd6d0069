package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The twenty-first round's parser set: 14 logs that classical learners wrote on this machine
 * (src/test/resources/logs/heldapart98: scikit-learn's clustering, manifold, decomposition, mixture and forest reports,
 * SciPy's L-BFGS-B, liblinear, R's nnet, pomegranate and gensim), each job's script beside it, expectations written
 * before the parser ran.
 */
class ProgressParserHeldApart98Test {

    // measured once, with the code of e47867a, before these were seen: 5/14, fields 14/29.
    // Then an optimiser's objective as the loss of a line that counts, Fortran exponents, minibatch steps, totals after
    // "of", trees, pomegranate's report and gensim's epoch report (ProgressParserRoundTwentyOneTest).
    static final int FLOOR = 14;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart98", "held-apart 98", 14, FLOOR);
    }
}
