package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's thirteenth fresh set: 6 real excerpts (src/test/resources/logs/heldapart67, courses, theses and
 * projects: locator's Keras fit with plateau messages, EPOS's TensorFlow 1 "step: N total_loss:" going NaN (issues); a
 * Mask R-CNN tqdm with torchvision's lines glued to it, a homework's "Epoch: e/E, Iteration step: N, loss:", a CIFAR-10
 * loop with Chinese class names, a thesis's bare "Epoch N, loss:" (committed)), collected by a helper who did not read
 * the parser (it stopped at 6), expectations written before the parser ran on them.
 */
class ProgressParserHeldApart67Test {

    // measured once, with the code of b5ee196, before these were seen: 5/6, fields 17/19 ("Iteration step" not read
    // as a step key); 6/6 and fields 18/19 after.
    static final int FLOOR = 6;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart67", "held-apart 67", 6, FLOOR);
    }
}
