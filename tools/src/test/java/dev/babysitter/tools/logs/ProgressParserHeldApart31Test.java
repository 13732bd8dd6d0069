package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The tenth round's first fresh set: 12 real excerpts (src/test/resources/logs/heldapart31, LLM and NLP:
 * LLaMA-Factory's trainer_log.jsonl, a Chinese hand-written MT loop, TF Estimator, Hugging Face dicts without a step,
 * a nanoGPT fork's bare "step train loss" lines, Marian, a CSV of epochs, "Loss at step N", modded-nanogpt's
 * key:value lines, nanochat going NaN, a poetry Transformer, a wandb output.log of json.dumps records), from
 * committed logs in public repositories, collected by a helper who did not read the parser, expectations written
 * before the parser ran on them.
 */
class ProgressParserHeldApart31Test {

    // measured once, with the code of 0fdedb2, before these were seen: 12/12 (fields 35/38: an HF epoch written
    // 2.8 read as 2, a nanoGPT fork's "valbin_loss" not read as eval, an epoch left unread).
    static final int FLOOR = 12;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart31", "held-apart 31", 12, FLOOR);
    }
}
