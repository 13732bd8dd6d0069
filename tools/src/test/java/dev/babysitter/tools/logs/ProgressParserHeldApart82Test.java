package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The seventeenth round's eighth fresh set: 1 real excerpt (src/test/resources/logs/heldapart82: MLX's LoRA
 * script, "Iter N: Train loss X, It/sec Y, Tokens/sec Z" after an "Iter 1: Val loss" line), collected by a helper who
 * did not read the parser (it stopped at 1: most pastes of these frameworks do not fit the search window),
 * expectations written before the parser ran.
 */
class ProgressParserHeldApart82Test {

    // measured once, with the code of 2463dc6, before it was seen: 1/1, fields 3/3.
    static final int FLOOR = 1;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart82", "held-apart 82", 1, FLOOR);
    }
}
