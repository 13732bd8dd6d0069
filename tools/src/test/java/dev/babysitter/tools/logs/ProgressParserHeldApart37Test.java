package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The thirteenth round's first fresh set: 12 real excerpts (src/test/resources/logs/heldapart37, LLM training: a
 * minimind print loop, two ms-swift JSONL generations, verl GRPO among Ray's prefixes, TRL's carriage-return bars,
 * transformers dicts with quoted values, ZeRO-3 bars one per line, loguru lines, NMT JSONL records; from issue
 * threads a ChatGLM2 trainer_state.json cut inside its log_history, an early torchtune PR, bare tensor(nan) prints),
 * collected by a helper who did not read the parser, expectations written before the parser ran on them.
 */
class ProgressParserHeldApart37Test {

    // measured once, with the code of 1cf7bcc, before these were seen: 10/12; after its class 11/12: a JSON
    // document that never closes (trainer_state.json pasted up to its last log_history record) is read once more
    // without its opening line, so the records inside it are joined. Left: a notebook's bare "tensor(nan,
    // device='cuda:0')" prints, which name no loss (a printed accuracy looks the same).
    static final int FLOOR = 11;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart37", "held-apart 37", 12, FLOOR);
    }
}
