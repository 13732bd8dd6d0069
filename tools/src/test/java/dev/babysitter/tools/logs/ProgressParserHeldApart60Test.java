package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's sixth fresh set: 7 real excerpts (src/test/resources/logs/heldapart60, LLM training: lit-gpt's
 * "iter N step M: loss" before its bar (issue); XTuner under mmengine, ms-swift's dicts and bars in a docstring, llm.c's
 * terse main.log ("s:N trl:X", "s:N tel:X"), LLaMA-Factory's trainer_log.jsonl twice (one printed by two ranks), a
 * hand-written loop with pipes (committed)), collected by a helper who did not read the parser (it stopped at 7),
 * expectations written before the parser ran on them.
 */
class ProgressParserHeldApart60Test {

    // measured once, with the code of ff06c01, before these were seen: 5/7, fields 16/22 (llm.c's main.log unread;
    // lit-gpt's iteration taken for the optimizer step); 7/7 and fields 20/22 after (llm.c's main.log records, lit-gpt
    // without the bar). Left: fractional epochs (6.69, 0.97), read as their whole part.
    static final int FLOOR = 7;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart60", "held-apart 60", 7, FLOOR);
    }
}
