package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's fourteenth fresh set: 2 real excerpts (src/test/resources/logs/heldapart68, multimodal and 3D,
 * both committed: SAM2's trainer logger in a LoRA fine-tune, a BEV place-recognition print loop with "----9-----"
 * counters over "batch loss:" lines), collected by a helper who did not read the parser (it stopped at 2),
 * expectations written before the parser ran on them.
 */
class ProgressParserHeldApart68Test {

    // measured once, with the code of b5ee196, before these were seen: 1/2, fields 6/7. Left: a bare counter between
    // dashes on its own line above the loss it counts (one print loop's).
    static final int FLOOR = 1;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart68", "held-apart 68", 2, FLOOR);
    }
}
