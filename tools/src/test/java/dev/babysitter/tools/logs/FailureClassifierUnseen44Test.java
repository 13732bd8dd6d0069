package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen44-logs.jsonl: 5 short pastes of LLM fine-tuning and RL post-training of
 * 2024-2025 (a Qwen2-VL LoRA with grad_norm nan among bars, LLaMA-Factory SFT whose grad norm goes NaN, a verl GRPO
 * run's torch.OutOfMemoryError, axolotl with a flash-attn built against another torch, a plain Trainer run),
 * collected by a helper who did not read the rules (it stopped at 5). Measured once, with the code of 2463dc6: 5/5,
 * 0 false alarms, 0 failures called healthy.
 */
class FailureClassifierUnseen44Test {

    @Test
    void unseenSet44() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen44", 5, 5, 0, 0);
    }
}
