package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The seventeenth round's first fresh set: 5 real excerpts (src/test/resources/logs/heldapart75, competition
 * solutions committed with their logs: a Ribonanza notebook's tqdm epochs among Neptune errors, a point-cloud
 * segmentation's "epoch=N/250,total_loss=X" records, Keras fit in an RSNA notebook, the common Kaggle template's
 * "Loss: cur(avg) Grad:" with "EVAL:" lines and avg_train_loss/avg_val_loss summaries, Climate Hack's sentences
 * "Completed batch i of epoch e with loss X"), collected by a helper who did not read the parser (it stopped at 5),
 * expectations written before the parser ran.
 */
class ProgressParserHeldApart75Test {

    // measured once, with the code of 232ac48, before these were seen: 5/5, fields 17/18. Then read an
    // evaluation's running average over its last batch ("EVAL: [49/49] .. Loss: 0.0046(0.4666)").
    static final int FLOOR = 5;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart75", "held-apart 75", 5, FLOOR);
    }
}
