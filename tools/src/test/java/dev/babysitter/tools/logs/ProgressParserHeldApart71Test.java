package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's seventeenth fresh set: 7 real excerpts (src/test/resources/logs/heldapart71, training output
 * saved in committed notebooks: XGBoost's and LightGBM's metric rounds, an LGBMRegressor ending in LightGBM's early
 * stopping summary, PyTorch's DCGAN tutorial, a bare "loss: val_loss:" loop, a sentiment loop with an ETA, Keras fit at
 * verbose=2 with callback prints), collected by a helper who did not read the parser (it stopped at 7), expectations
 * written before the parser ran on them.
 */
class ProgressParserHeldApart71Test {

    // measured once, with the code of 9955607, before these were seen: 6/7, fields 16/17 (LightGBM's "Early stopping,
    // best iteration is:" summary read as the latest round); 7/7 and fields 17/17 after.
    static final int FLOOR = 7;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart71", "held-apart 71", 7, FLOOR);
    }
}
