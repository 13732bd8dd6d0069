package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's eighteenth fresh set: 1 real excerpt (src/test/resources/logs/heldapart72, non-English labels:
 * a PyTorch loop's Spanish "loss entrenamiento=, loss validación=" lines, committed), collected by a helper who did
 * not read the parser (it stopped at 1), the expectation written before the parser ran on it.
 */
class ProgressParserHeldApart72Test {

    // measured once, with the code of 9955607, before it was seen: 1/1, fields 2/3. Left: the accented phase word
    // ("validación"), which the ASCII vocabulary does not know, so the validation loss is unread.
    static final int FLOOR = 1;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart72", "held-apart 72", 1, FLOOR);
    }
}
