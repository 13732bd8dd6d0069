package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The tenth round's second fresh set: 12 real excerpts (src/test/resources/logs/heldapart32, vision, graph, RL,
 * tabular and audio: detectron2, DGL GraphSAGE, LightGBM under hyperopt, stable-baselines3 tables among SmartSim
 * lines, a segmentation epoch table, Keras through Python logging, AlphaZero's two-line records, MXNet's
 * Speedometer, Keras sample bars, mmseg, a hand-written YOLOv1 loop, an ASCII epoch table), from committed logs in
 * public repositories, collected by a helper who did not read the parser, expectations written before the parser
 * ran on them.
 */
class ProgressParserHeldApart32Test {

    // measured once, with the code of 0fdedb2, before these were seen: 9/12; after its classes 11/12
    // (ProgressParserRoundTenTest): AlphaZero's "batch i:2589" (an index word after the counter) behind a one-off
    // "current self-play batch: 2550", and a pipe table whose rows hold percentages and a "← best" note. Left: the
    // SB3 table, whose collector took total_timesteps as the step where the parser reads iterations (earlier
    // collectors split both ways on the same table: held-apart 2 and 10 against 14).
    // 12 since the eighteenth round: an SB3 table's step is its time/total_timesteps, as its collector read it.
    static final int FLOOR = 12;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart32", "held-apart 32", 12, FLOOR);
    }
}
