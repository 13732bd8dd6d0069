package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The eighteenth round's third fresh set: 3 real excerpts (src/test/resources/logs/heldapart88), training output
 * quoted in documentation of vision repositories: PaddleX's YOLOv3 log in a Chinese Markdown write-up, PaddleGAN's
 * PSGAN tutorial (per-network losses, no total), a Keras model card's Markdown table of per-epoch metrics. Collected
 * by a helper who did not read the parser (it stopped at 3), expectations written before the parser ran.
 */
class ProgressParserHeldApart88Test {

    // measured once, with the code of e9f2cd6, before these were seen: 2/3, fields 6/9. Then read a table whose
    // counter column is named in the plural ("| Epochs | Train Loss | ..." of the Keras model cards the Hugging Face
    // Hub writes).
    static final int FLOOR = 3;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart88", "held-apart 88", 3, FLOOR);
    }
}
