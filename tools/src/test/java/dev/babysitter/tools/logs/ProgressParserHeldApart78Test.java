package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The seventeenth round's fourth fresh set: 5 real excerpts (src/test/resources/logs/heldapart78: face
 * recognition and person re-identification: AlignedReID's tab-separated "Epoch: [e][i/N]", a video re-id's
 * "==> Epoch 1/1" over "Batch i/N Loss", deep-person-reid lines before a final test block, CosFace's "Train Epoch:
 * e [samples/total (pct%)]ITER, Loss:", epoch-only lines), collected by a helper who did not read the parser (it
 * stopped at 5), expectations written before the parser ran.
 */
class ProgressParserHeldApart78Test {

    // measured once, with the code of 78b5f47, before these were seen: 4/5, fields 15/16. Left: CosFace's
    // iteration glued after the samples counter ("[204800/490606 (42%)]2316, Loss:"), read as the samples.
    static final int FLOOR = 4;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart78", "held-apart 78", 5, FLOOR);
    }
}
