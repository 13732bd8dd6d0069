package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's third fresh set: 5 real excerpts (src/test/resources/logs/heldapart57, vision and multimodal,
 * all committed: a MaxViT print loop, LAVIS's BLIP-2 "data epoch" records among tokenizer noise, an X-ray Gaussian
 * splatting run whose carriage-return bar is ahead of its block-buffered "[GR] Iteration" lines, a ViT fine-tune's
 * tqdm bars in Markdown, comma-separated epoch lines), collected by a helper who did not read the parser (it stopped
 * at 5), expectations written before the parser ran on them.
 */
class ProgressParserHeldApart57Test {

    // measured once, with the code of 3961040, before these were seen: 4/5, fields 15/18 (the splatting run's late
    // milestone line read as the step; LAVIS's epoch); 5/5 and fields 18/18 after (a bare milestone behind the bar
    // held, "data epoch").
    static final int FLOOR = 5;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart57", "held-apart 57", 5, FLOOR);
    }
}
