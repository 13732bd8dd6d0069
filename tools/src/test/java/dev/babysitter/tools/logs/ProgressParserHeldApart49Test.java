package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The fifteenth round's fifth fresh set: 11 real excerpts (src/test/resources/logs/heldapart49, reinforcement
 * learning: rsl_rl's learning-iteration block, Spinning Up's table in COOM (issues); PyMARL's Recent Stats, an
 * AlphaZero with emoji banners, MuZero's multi-line loss dicts, a Chinese PPO, a DQN through Python logging,
 * stable-baselines3 tables with a rich bar, a VizDoom DDDQN, a Julia Q-learner, a bare "after cycle=N" (committed)),
 * collected by a helper who did not read the parser, expectations written before the parser ran on them.
 */
class ProgressParserHeldApart49Test {

    // measured once, with the code of 765a39b, before these were seen: 4/11; 6/11 after the round (an episode counter
    // with a reward and no loss; a counter before a dict); 7/11 after the sixteenth (PyMARL's t_env, met again in
    // held-apart 59). Left: RL's step conventions the collectors split on (stable-baselines3's total_timesteps
    // against iterations, Spinning Up's total_env_steps in scientific notation), a Chinese PPO whose step is a
    // cumulative count on another line, and "after cycle=N".
    // 8 since the eighteenth round: an SB3 table's step is its time/total_timesteps, as its collector read it.
    static final int FLOOR = 8;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart49", "held-apart 49", 11, FLOOR);
    }
}
