package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The second honest estimate: real excerpts of 18 trainers in no other fixture set (src/test/resources/logs/heldapart2),
 * found in public GitHub issues, each citing its source, with expectations written and committed before the generic
 * readers of issue #12 were changed, measured once at the end and not tuned on afterwards. Prints per excerpt whether
 * step and loss are right; the floor only guards against regressions from that one measurement (docs/parsing.md).
 */
class ProgressParserHeldApart2Test {

    // the one measurement gave 13/18 (fields 37/47); the third round then tuned on its five misses (darknet, GluonNLP,
    // ParlAI, SB3, YOLOv5 2020), so the set is no longer unseen and the floor guards the tuned 18/18 (fields 47/47).
    // 17 since the eighteenth round: an SB3 table's step is its time/total_timesteps, as six of the eight collectors
    // who labelled one read it (this set's sb3_table and heldapart10's took time/iterations)
    static final int FLOOR = 17;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart2", "held-apart 2", 16, FLOOR);
    }
}
