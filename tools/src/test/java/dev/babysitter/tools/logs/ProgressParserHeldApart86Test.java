package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The eighteenth round's first fresh set: 6 real excerpts (src/test/resources/logs/heldapart86, GANs, super-resolution
 * and restoration: pix2pix's loss_log in a Jittor port ending after a restart banner, pix2pixHD's loss_log with three
 * restarts in a row, KAIR's logger for SwinIR (a thousands separator in the iteration) and for DnCNN after a parameter
 * table with a nan std, a modified EDSR whose loss is printed unlabelled, a blog's hand-written GAN loop), collected by
 * a helper who did not read the parser (it stopped at 6), expectations written before the parser ran.
 */
class ProgressParserHeldApart86Test {

    // measured once, with the code of 97823ce, before these were seen: 5/6, fields 12/15. The miss is the modified
    // EDSR log ("[3/331757]	0.0081...	46626.6+484471662.5s"): its loss has no name, and a bare number beside a
    // counter is not read as a loss.
    static final int FLOOR = 5;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart86", "held-apart 86", 6, FLOOR);
    }
}
