package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The eighteenth round's fifth fresh set: 7 real excerpts (src/test/resources/logs/heldapart91), training output
 * quoted in blog posts, tutorials and framework docs: a course's wordplay logger, a 2017 TensorFlow LSTM blog post,
 * OneFlow's numpy example, MegEngine's Chinese tutorial, Jittor's MNIST notebook, DJL's Java console (bars and epoch
 * summaries), the Hugging Face course's Keras bar ending in loss: nan. Collected by a helper who did not read the
 * parser, expectations written before the parser ran.
 */
class ProgressParserHeldApart91Test {

    // measured once, with the code of e9f2cd6, before these were seen: 7/7, fields 19/19.
    static final int FLOOR = 7;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart91", "held-apart 91", 7, FLOOR);
    }
}
