package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The seventeenth round's fifth fresh set: 6 real excerpts (src/test/resources/logs/heldapart79, game-playing
 * agents and robot navigation: alpha-zero-general's logging around "Training Net" bars with Loss_pi/Loss_v, AlphaZero
 * Gomoku forks' "batch N, episode_len=K:" over "loss=X", one JSON object per iteration, pipe-separated "[Train]
 * update | loss=.. global_step=N", bare "batch:N,kl:..,loss:X" records, CrowdNav's "TRAIN in episode N has success
 * rate: .., total reward: .."), collected by a helper who did not read the parser (it stopped at 6), expectations
 * written before the parser ran.
 */
class ProgressParserHeldApart79Test {

    // measured once, with the code of 16cb8dd, before these were seen: 5/6, fields 11/13. Left: CrowdNav's
    // "TRAIN in episode 9015 has success rate" (the episode inside prose, no loss); a JSON record's end_iteration as
    // its total.
    static final int FLOOR = 5;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart79", "held-apart 79", 6, FLOOR);
    }
}
