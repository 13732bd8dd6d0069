package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The fifteenth round's second fresh set: 10 real excerpts (src/test/resources/logs/heldapart46, cluster and cloud
 * job outputs: ColBERT under nohup, a soil-moisture trainer with Chinese notes, Descript Audio Codec's rich-console
 * tables, habitat PPO, Horovod's word2vec example, a C network's Slurm output, pix2pix's loss parts, a DeepSpeed-launched
 * LLaVA-style run, SageMaker's image classifier, a cluster job's tab-separated loss parts), collected by a helper who
 * did not read the parser (it ran out of look-ups at 10), expectations written before the parser ran on them.
 */
class ProgressParserHeldApart46Test {

    // measured once, with the code of 788de68, before these were seen: 7/10; 8/10 after the round (ColBERT's line).
    // Left: the audio codec's rich tables ("key │ value │ mean" under a boxed "Iteration 1000") and a C loop's
    // "Img No. 5800" image counter with no loss.
    static final int FLOOR = 8;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart46", "held-apart 46", 10, FLOOR);
    }
}
