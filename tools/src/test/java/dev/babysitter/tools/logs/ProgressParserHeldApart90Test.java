package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The eighteenth round's sixth fresh set: 10 real excerpts (src/test/resources/logs/heldapart90), training output
 * quoted in framework documentation and example READMEs: candle's book (Rust MNIST), PyTorch-Ignite's getting
 * started, two Paddle docs pages (gradient clipping going NaN, full-width punctuation), a Keras 3 README with ANSI
 * bars, a custom loop's README, a MAML blog's prints, a traffic-sign tutorial's tqdm epochs, two OpenVINO docs pages (an NNCF QAT loop in
 * parsed-literal blocks, Keras fit between TensorFlow debug lines). Collected by a helper who
 * did not read the parser, expectations written before the parser ran.
 */
class ProgressParserHeldApart90Test {

    // measured once, with the code of ed2bce3, before these were seen: 10/10, fields 32/34 (candle's and a custom
    // loop's epoch left unread; the two OpenVINO pages came in last, measured with the same code).
    static final int FLOOR = 10;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart90", "held-apart 90", 10, FLOOR);
    }
}
