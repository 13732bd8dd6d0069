package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen11-logs.jsonl: 24 verbatim excerpts (19 failures of eleven classes, 5 healthy logs)
 * from LLM training and fine-tuning at scale (DeepSpeed, Megatron, FSDP on XPUs, JAX on TPU, oumi, LLaMA-Factory,
 * RWKV, nanoGPT), mostly committed Slurm/LSF output, wandb output.log and nohup files, each from a repository cited
 * nowhere else, collected by two helpers who did not read the rules. Measured once, with the code of 26c7bb7 (after
 * unseen12's classes): 23/24 = 0.958, no healthy log alerted, no failure called healthy. The miss is a judgment call
 * kept as the rules' documented reading: torchrun's "exitcode: -9" for a rank with no memory evidence in the excerpt
 * (the reporter said memory kept growing) is a SIGKILL of unknown origin, other_error, not host_oom.
 */
class FailureClassifierUnseen11Test {

    @Test
    void eleventhUnseenSet() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen11", 24, 23, 0, 0);
    }
}
