package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The fifteenth round's sixth fresh set: 8 real excerpts (src/test/resources/logs/heldapart50, generative models, all
 * committed: a preference-tuned diffusion model through Python logging, a BicycleGAN-style loss log with a restart, a
 * medical VAE, a colorization net's bare losses under epoch headers, a super-resolution tqdm pasted in a Python
 * string, a DDPM README with Chinese headings, a WGAN with Chinese metrics, a normalizing flow's TSV table), collected
 * by a helper who did not read the parser (it stopped at 8), expectations written before the parser ran on them.
 */
class ProgressParserHeldApart50Test {

    // measured once, with the code of 765a39b, before these were seen: 8/8 (no change made for them)
    static final int FLOOR = 8;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart50", "held-apart 50", 8, FLOOR);
    }
}
