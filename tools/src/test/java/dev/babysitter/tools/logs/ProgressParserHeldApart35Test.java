package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The twelfth round's first fresh set: 12 real excerpts (src/test/resources/logs/heldapart35: three pasted in issue
 * threads (TF Object Detection API, a CapsNet print loop quoted in Markdown, a BiLSTM-CRF with Chinese lines), nine
 * committed: detectron2's metrics.json, YOLOX's loguru log, PGNet's bare loss table, EasyOCR, EAST's "X is Y"
 * sentences, a script(1) capture with two-line records, a tmux capture with Chinese summaries, Keras bars, a resumed
 * pretraining JSONL), collected by a helper who did not read the parser, expectations written before the parser ran
 * on them.
 */
class ProgressParserHeldApart35Test {

    // measured once, with the code of 6dd1445, before these were seen: 9/12; after its classes 11/12
    // (ProgressParserRoundTwelveTest): an epoch's "500/500" bar over the next epoch's "Batch: [301/500]", EAST's
    // "Epoch is [2/600], mini-batch is [12/1083], ... batch_loss is 0.91". Left: PGNet's headerless tab-separated
    // numbers, whose first column the collector read as the loss.
    static final int FLOOR = 11;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart35", "held-apart 35", 12, FLOOR);
    }
}
