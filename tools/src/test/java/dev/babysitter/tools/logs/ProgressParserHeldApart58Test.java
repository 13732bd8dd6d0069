package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's fourth fresh set: 10 real excerpts (src/test/resources/logs/heldapart58, classic code: Lasagne's
 * "Epoch N of M took Xs" blocks, TensorFlow's convolutional.py report blocks, GloVe's C trainer, a TensorFlow VAE,
 * Keras 1 fit (issues); the PyTorch tutorial's "[epoch, batch] loss:" twice, Kipf's GCN, the TensorFlow book's "After
 * N training step(s)", a SqueezeNet loop that switches models (committed)), collected by a helper who did not read the
 * parser (it stopped at 10), expectations written before the parser ran on them.
 */
class ProgressParserHeldApart58Test {

    // measured once, with the code of 3961040, before these were seen: 9/10, fields 23/27 (the book's "after N
    // steps" unread, Lasagne's "Epoch 6 of 82"); 10/10 and fields 26/27 after ("after N steps" in prose, "n of N" in
    // words, a duration after "took"). Left: TensorFlow's fractional "(epoch 5.70)", read as epoch 5.
    static final int FLOOR = 10;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart58", "held-apart 58", 10, FLOOR);
    }
}
