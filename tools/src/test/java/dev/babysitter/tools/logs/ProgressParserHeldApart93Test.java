package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The nineteenth round's second fresh set: 6 real excerpts (src/test/resources/logs/heldapart93, reinforcement
 * learning outside Stable-Baselines3: CleanRL-style JAX global steps, a hand-written DQN's TIMESTEP blocks, Ray
 * episode/step lines, ManiSkill PPO's epoch and global_step lines, an AlphaZero self-play loop, a TD3 pipe table),
 * collected by a helper who did not read the parser, expectations written before the parser ran.
 */
class ProgressParserHeldApart93Test {

    // measured once, with the code of 14c982d, before these were seen: 3/6, fields 4/9.
    // Then read "timestep" as a step word and an epoch with a global-step key as progress.
    static final int FLOOR = 5;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart93", "held-apart 93", 6, FLOOR);
    }
}
