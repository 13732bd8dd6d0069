package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The fifteenth round's first fresh set: 12 real excerpts (src/test/resources/logs/heldapart45, self-supervised,
 * graph, knowledge-graph and recommender trainers, six from issue threads and six committed: MAE's JSON lines, a
 * tqdm trainer with per-epoch summaries and a nan validation loss, a Markdown log with values in code spans,
 * Graph-BERT's print loop, kbc's pasted "Train(loss)" table, NGCF's "train==[total=parts]", RecBole, SGL's iteration
 * lines, SME's Theano "COST >> mean +/- std", a TensorBoard "Step Loss" export, tllib's ProgressMeter), collected by a
 * helper who did not read the parser, expectations written before the parser ran on them.
 */
class ProgressParserHeldApart45Test {

    // measured once, with the code of 788de68, before these were seen: 7/12 (misses: code spans, the Train(loss)
    // column, NGCF's line, SME's chevrons and banner, the two-word header); 12/12 after the round
    static final int FLOOR = 12;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart45", "held-apart 45", 12, FLOOR);
    }
}
