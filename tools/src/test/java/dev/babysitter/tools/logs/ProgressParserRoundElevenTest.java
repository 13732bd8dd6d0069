package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The eleventh round's miss classes (held-apart 33 and 34), each as variants no fixture holds: an eval word as the
 * last part of a run's name ("exp/diffusion-test") is no evaluation section, NVIDIA DLLogger's step tuple
 * ("step": [epoch, iteration, iterations per epoch]), and a Chinese ordinal counter ("第 590 轮"). With guards.
 */
class ProgressParserRoundElevenTest {

    private final ProgressParser parser = new ProgressParser();

    @Test
    void anEvalWordEndingARunsNameIsNoEvaluationSection() {
        Progress p = parser.parseLine("epoch: 5 |   4/  9 | runs/sweep-val | lr: 0.0002 | loss: 0.947 | step: 50")
                .orElseThrow();
        assertThat(p.loss()).isEqualTo(0.947);
        assertThat(p.evalLoss()).isNull();
        assertThat(p.step()).isEqualTo(50L);
        // a section word on its own still scopes what follows
        Progress v = parser.parseLine("Training: loss = 1.46 | Val: loss = 1.68").orElseThrow();
        assertThat(v.loss()).isEqualTo(1.46);
        assertThat(v.evalLoss()).isEqualTo(1.68);
    }

    @Test
    void aDlloggerStepTupleIsEpochIterationAndItsTotal() {
        Progress p = parser.parseLine("DLLL {\"timestamp\": \"1594037186.98\", \"type\": \"LOG\", \"step\": [3, 57, "
                + "120], \"data\": {\"train_loss\": 2.25, \"train_mel_loss\": 2.0}}").orElseThrow();
        assertThat(p.epoch()).isEqualTo(3L);
        assertThat(p.step()).isEqualTo(57L);
        assertThat(p.total()).isEqualTo(120L);
        assertThat(p.loss()).isEqualTo(2.25);
        Progress summary = parser.parseLine("DLLL {\"type\": \"LOG\", \"step\": [4], \"data\": {\"train_loss\": 2.1}}")
                .orElseThrow();
        assertThat(summary.epoch()).isEqualTo(4L);
        assertThat(summary.step()).isNull();
        // a plain step stays a step
        assertThat(parser.parseLine("{\"step\": 40, \"loss\": 1.5}").orElseThrow().step()).isEqualTo(40L);
    }

    @Test
    void aChineseOrdinalCounterIsTheCounterItNames() {
        Progress p = parser.lastProgress(List.of(
                "Epoch: 5000, Loss: 0.0606, Train AUC: 78.86%", // an earlier run in the same file
                "\u7B2C 0580 \u8F6E\uFF0C\u635F\u5931\u503C\uFF1A0.0608",
                "\u7B2C 0590 \u8F6E\uFF0C\u635F\u5931\u503C\uFF1A0.0607")).orElseThrow();
        assertThat(p.epoch()).isEqualTo(590L);
        assertThat(p.loss()).isEqualTo(0.0607);
        Progress step = parser.parseLine("\u7B2C 12/100 \u6B65 \u635F\u5931: 1.5").orElseThrow();
        assertThat(step.step()).isEqualTo(12L);
        assertThat(step.total()).isEqualTo(100L);
    }
}
