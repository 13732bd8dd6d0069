package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The eighteenth round's fourth fresh set: 6 real excerpts (src/test/resources/logs/heldapart89), training output
 * quoted in documentation of NLP repositories: tensorflow/nmt's README (perplexity, no loss), gensim's Doc2Vec
 * tutorial (epoch progress only), the AllenNLP guide's metrics JSON, nlp-architect's hand-written prints, Keras bars
 * with a text sample on the same line, a blog's tqdm bars between printed dicts. Collected by a helper who did not
 * read the parser, expectations written before the parser ran.
 */
class ProgressParserHeldApart89Test {

    // measured once, with the code of e9f2cd6, before these were seen: 6/6, fields 14/16 (gensim's "EPOCH 1 -
    // PROGRESS: at 52.77% examples" and nlp-architect's "Epoch Number:  0" leave their epoch unread).
    static final int FLOOR = 6;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart89", "held-apart 89", 6, FLOOR);
    }
}
