package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's fifth fresh set: 3 real excerpts (src/test/resources/logs/heldapart59, reinforcement learning:
 * TF-Agents' DQN tutorial "step = N: loss = X" among "Average Return" lines, OpenAI baselines' deepq tables with no
 * loss (issues); PyMARL's QMIX sacred cout.txt, "Recent Stats | t_env:" over tab-separated stats (committed)),
 * collected by a helper who did not read the parser (it stopped at 3), expectations written before the parser ran.
 */
class ProgressParserHeldApart59Test {

    // measured once, with the code of ff06c01, before these were seen: 2/3, fields 4/5 (PyMARL's t_env, no step
    // key before); 3/3 and fields 5/5 after (t_env is the step; it reads held-apart 49's PyMARL excerpt as well).
    static final int FLOOR = 3;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart59", "held-apart 59", 3, FLOOR);
    }
}
