package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The ninth round's third fresh set: 24 real excerpts (src/test/resources/logs/heldapart27: gpt-2-simple,
 * char-rnn-tensorflow, OpenLLaMA's trainer_state.json, WaveGlow, a fastai 0.7 table, GloVe's C trainer, SincNet,
 * snowfall (k2), a TF seq2seq notebook, llm-foundry's console, a GRPO from-scratch log, a TF Estimator conformer;
 * Tianshou, rsl_rl, an Isaac Sim diffusion policy, a multi-agent imitation log, diffusion_policy's JSON lines, an
 * infrared diffusion model, a Colab tqdm widget, LeRobot, stable-baselines 2 tables, notebooks), from issue threads,
 * committed logs, docs and notebooks, collected by two helpers who did not read the parser, expectations written
 * before the parser ran on them.
 */
class ProgressParserHeldApart27Test {

    // measured once, with the code of 067ac71, before these were seen: 20/24. Generalised by class after that (a line
    // that opens with its counters in brackets, PyTorch's CIFAR-10 tutorial "[1,  2000] loss: 2.190" (also behind
    // Python logging's "INFO:pytorch:") and gpt-2-simple's "[5000 | 5336.92] loss=0.80"; "testing", "validating",
    // "evaluating" mark an eval key as "test" and "validation" do): 23/24. Left: stable-baselines 2's table, whose
    // step the collector took as total_timesteps (earlier sets' collectors split on that convention).
    static final int FLOOR = 23;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart27", "held-apart 27", 24, FLOOR);
    }
}
