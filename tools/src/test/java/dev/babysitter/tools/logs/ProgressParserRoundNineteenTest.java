package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The nineteenth round's classes, each as variants no fixture holds: "timestep" is a step word (a hand-written DQN's
 * "TIMESTEP 2501934 / STATE explore / ..", held-apart 93); an epoch and a global-step key on a line of their own are
 * progress ("Epoch: 677, global_step=69222400", a CleanRL-derived PPO loop, held-apart 93); a value in chevrons
 * (MADlib's "INFO:  Iteration: 30, Loss: <0.165187825701>", held-apart 92). With guards.
 */
class ProgressParserRoundNineteenTest {

    private final ProgressParser parser = new ProgressParser();

    private Optional<Long> step(String line) {
        return parser.parseLine(line).flatMap(p -> Optional.ofNullable(p.step()));
    }

    @Test
    void timestepIsAStepWord() {
        assertThat(step("TIMESTEP 400 / STATE observe / EPSILON 0.1 / ACTION 0 / REWARD 0.1 / Q_MAX 1.2e+01"))
                .contains(400L);
        assertThat(step("Timestep: 12000 | Episode reward: -1500.3 | Loss: 0.52")).contains(12000L);
        Progress p = parser.lastProgress(List.of("timesteps=2048 policy_loss=0.013", "timesteps=4096 policy_loss=0.011"))
                .orElseThrow();
        assertThat(p.step()).isEqualTo(4096L);
        // a limit or a setting is not the step
        assertThat(step("total_timesteps=1000000")).isEmpty();
        assertThat(step("max_timesteps: 1000000")).isEmpty();
        assertThat(step("num_timesteps 500000")).isEmpty();
    }

    @Test
    void anEpochAndAGlobalStepAloneAreProgress() {
        Progress p = parser.lastProgress(List.of("SPS: 17443", "Epoch: 676, global_step=69120000", "Evaluating",
                "Evaluated 400 steps resulting in 0 episodes", "SPS: 17432", "Epoch: 677, global_step=69222400"))
                .orElseThrow();
        assertThat(p.step()).isEqualTo(69222400L);
        assertThat(p.epoch()).isEqualTo(677L);
        Progress spaced = parser.parseLine("epoch 3 | global step 1200").orElseThrow();
        assertThat(spaced.step()).isEqualTo(1200L);
        assertThat(spaced.epoch()).isEqualTo(3L);
        // a plain step or a batch beside an epoch is no reading without a metric, as before
        assertThat(parser.parseLine("epoch=2 step=500")).isEmpty();
        assertThat(parser.parseLine("Epoch 2 batch 50")).isEmpty();
        // beside an n/N counter it is one field of a record printed one metric per line (Composer): the batch counts
        Progress composer = parser.lastProgress(List.of("[epoch=0][batch=17/625]: trainer/global_step: 17",
                "[epoch=0][batch=17/625]: trainer/batch_idx: 17", "[epoch=0][batch=17/625]: loss/train/total: 7.1243"))
                .orElseThrow();
        assertThat(composer.total()).isEqualTo(625L);
        assertThat(composer.loss()).isEqualTo(7.1243);
        // nor is an evaluation's line
        assertThat(step("Evaluation: epoch 3, global_step 1200")).isEmpty();
    }

    @Test
    void aValueInChevronsIsRead() {
        Progress p = parser.parseLine("INFO:  Iteration: 30, Loss: <0.165187825701>").orElseThrow();
        assertThat(p.step()).isEqualTo(30L);
        assertThat(p.loss()).isEqualTo(0.165187825701);
        Progress last = parser.lastProgress(List.of("INFO:  Iteration: 29, Loss: <0.163695246384>",
                "CONTEXT:  PL/Python function \"mlp_classification\"", "INFO:  Iteration: 30, Loss: <0.165187825701>",
                "CONTEXT:  PL/Python function \"mlp_classification\"")).orElseThrow();
        assertThat(last.step()).isEqualTo(30L);
        assertThat(last.loss()).isEqualTo(0.165187825701);
        // an unclosed chevron is a comparison, not a value's brackets
        assertThat(parser.parseLine("step 3 loss: <0.5")).isEmpty();
        assertThat(parser.parseLine("step 3 loss <0.5 target reached")).flatMap(q -> Optional.ofNullable(q.loss()))
                .isEmpty();
    }
}
