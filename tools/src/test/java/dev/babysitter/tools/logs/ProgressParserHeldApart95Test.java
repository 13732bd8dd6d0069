package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The nineteenth round's fourth fresh set: 6 real excerpts (src/test/resources/logs/heldapart95, scientific ML
 * (DeePMD-kit's learning-curve table and key=value lines, MACE, a galaxy-image Hugging Face Trainer, a weather model's
 * one-line epochs) and one sequence-to-sequence summariser merged from heldapart96, whose collector stopped at 1),
 * collected by a helper who did not read the parser, expectations written before the parser ran.
 */
class ProgressParserHeldApart95Test {

    // measured once, with the code of 14c982d, before these were seen: 5/6, fields 12/16.
    static final int FLOOR = 5;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart95", "held-apart 95", 6, FLOOR);
    }
}
