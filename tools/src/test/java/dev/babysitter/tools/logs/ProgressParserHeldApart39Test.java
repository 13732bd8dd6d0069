package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The fourteenth round's first fresh set: 12 real excerpts (src/test/resources/logs/heldapart39, RL, recommenders,
 * gradient boosting, time series, graphs and speech: from issue threads TimeMixer's tab-indented "iters:" lines,
 * CatBoost's tab-separated rounds, LightGBM's R package "[30]:  train's l2:", XGBoost's timed "[61] test-error:",
 * DeepSpeech's TF1 progress bars, a Keras autoencoder's bars; committed: MADDPG's episode lines with cumulative "Steps:",
 * a Snake DQN's "Episode N/5000 | .. | Steps:" with German status lines, DGL pipes with tqdm, a GCN's glued timestamps,
 * a SASRec trainer, fairseq-hydra's JSON stats), collected by a helper who did not read the parser, expectations
 * written before the parser ran on them.
 */
class ProgressParserHeldApart39Test {

    // measured once, with the code of 3b287ba, before these were seen: 9/12; after its classes 12/12
    // (ProgressParserRoundFourteenTest): boosting rounds whose tabs were pasted as blanks, behind a "[20:04:50]" time
    // and with R's "[30]:"; an episode counted against its total beside a per-episode "Steps:".
    static final int FLOOR = 12;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart39", "held-apart 39", 12, FLOOR);
    }
}
