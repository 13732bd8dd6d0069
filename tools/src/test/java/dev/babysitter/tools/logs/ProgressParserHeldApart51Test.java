package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The fifteenth round's seventh fresh set: 3 real excerpts (src/test/resources/logs/heldapart51, LLM post-training, all
 * committed: LLaMA-Factory's trainer_log.jsonl with an eval record, a TRL GRPO/DAPO terminal capture with emoji metric
 * blocks and carriage-return bars, a verl log with Ray prefixes and ANSI colours), collected by a helper who did not
 * read the parser (it stopped at 3), expectations written before the parser ran on them.
 */
class ProgressParserHeldApart51Test {

    // measured once, with the code of 8007d83, before these were seen: 3/3 (no change made for them)
    static final int FLOOR = 3;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart51", "held-apart 51", 3, FLOOR);
    }
}
