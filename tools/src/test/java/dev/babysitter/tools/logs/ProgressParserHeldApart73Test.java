package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's nineteenth fresh set: 5 real excerpts (src/test/resources/logs/heldapart73, training output
 * saved in committed notebooks: old Keras counting samples, tf.keras with ETA lines and checkpoint messages, TF2 Keras
 * with auc and lr columns, torchvision's detection MetricLogger with COCO tables, a hand-written "Train - loss:" /
 * "Eval - loss:" loop with sample translations), collected by a helper who did not read the parser (it stopped at 5),
 * expectations written before the parser ran on them.
 */
class ProgressParserHeldApart73Test {

    // measured once, with the code of 4e9fe6e, before these were seen: 5/5, fields 21/22.
    static final int FLOOR = 5;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart73", "held-apart 73", 5, FLOOR);
    }
}
