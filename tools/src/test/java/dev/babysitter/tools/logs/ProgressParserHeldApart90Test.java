package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The eighteenth round's sixth fresh set: 8 real excerpts (src/test/resources/logs/heldapart90), training output
 * quoted in framework documentation and example READMEs: candle's book (Rust MNIST), PyTorch-Ignite's getting
 * started, two Paddle docs pages (gradient clipping going NaN, full-width punctuation), a Keras 3 README with ANSI
 * bars, a custom loop's README, a MAML blog's prints, a traffic-sign tutorial's tqdm epochs. Collected by a helper who
 * did not read the parser, expectations written before the parser ran.
 */
class ProgressParserHeldApart90Test {

    // measured once, with the code of ed2bce3, before these were seen: 8/8, fields 23/25 (candle's and a custom
    // loop's epoch left unread).
    static final int FLOOR = 8;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart90", "held-apart 90", 8, FLOOR);
    }
}
