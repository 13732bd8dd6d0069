package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's tenth fresh set: 11 real excerpts (src/test/resources/logs/heldapart64, NLP 2018-2022:
 * OpenNMT-tf's estimator lines, TensorFlow 2's Transformer tutorial, Rasa Core's Keras epochs, CopyMTL's tabs, an
 * overlapping-NER print loop (issues); an XLNet NER trainer's "iteration:1 step:3900/23196", SimCSE under loguru, a
 * Chinese medical NER, a Kaggle phrase-matching notebook, a translation model with BLEU lines, an Att-BLSTM log whose
 * records run together on one line (committed)), collected by a helper who did not read the parser (it stopped at
 * 11), expectations written before the parser ran on them.
 */
class ProgressParserHeldApart64Test {

    // measured once, with the code of 1647c22, before these were seen: 9/11, fields 24/30 (the XLNet NER trainer's
    // iteration read as the step); 10/11 and fields 27/30 after (a step counted against its total outranks an
    // iteration with none). Left: the Att-BLSTM log's run-together records, read from the first.
    static final int FLOOR = 10;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart64", "held-apart 64", 11, FLOOR);
    }
}
