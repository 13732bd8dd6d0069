package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's miss classes (held-apart 55 and 56), each as variants no fixture holds: a log level before a
 * bracketed counter ("DBNet INFO: [1/200], [25/288], ..", where the level read as the counter's key hid the epoch),
 * and a one-word parenthetical after a loss key ("Test Loss (Normalized): 0.0117", "Val Loss (MSE)"). With guards.
 */
class ProgressParserRoundSixteenTest {

    private final ProgressParser parser = new ProgressParser();

    @Test
    void aLogLevelIsNoKeyOfTheCounterAfterIt() {
        Progress p = parser.parseLine("2021-01-31 17:51:48,471 DBNet INFO: [1/200], [25/288], speed: 19.4 samples/sec,"
                + " loss: 3.0727, lr:0.000351852").orElseThrow();
        assertThat(p.epoch()).isEqualTo(1L);
        assertThat(p.step()).isEqualTo(25L);
        assertThat(p.total()).isEqualTo(288L);
        Progress warn = parser.parseLine("trainer WARNING: [3/10] [7/50] loss: 0.5").orElseThrow();
        assertThat(warn.epoch()).isEqualTo(3L);
        assertThat(warn.step()).isEqualTo(7L);
        // a keyed global step stays the step; the epoch still comes from the first counter
        Progress global = parser.parseLine("DBNet INFO: [2/200], [3/288], global_step: 291, loss: 2.8").orElseThrow();
        assertThat(global.step()).isEqualTo(291L);
        assertThat(global.epoch()).isEqualTo(2L);
        // a word that is no level keeps its value: "Percent:[0/6751 (0%)]" is no epoch
        Progress percent = parser.parseLine("Train Epoch:500\tPercent:[0/6751 (0%)]\tLoss:0.021080045").orElseThrow();
        assertThat(percent.epoch()).isEqualTo(500L);
        assertThat(percent.step()).isNull();
    }

    @Test
    void aOneWordQualifierAfterALossKeyIsNoPartOfIt() {
        Progress test = parser.parseLine("Test Loss (Normalized): 0.0117").orElseThrow();
        assertThat(test.evalLoss()).isEqualTo(0.0117);
        Progress both = parser.parseLine("Epoch 4 Train Loss (MSE): 0.03 Val Loss (RMSE): 0.25").orElseThrow();
        assertThat(both.epoch()).isEqualTo(4L);
        assertThat(both.loss()).isEqualTo(0.03);
        assertThat(both.evalLoss()).isEqualTo(0.25);
        Progress camel = parser.parseLine("step 12 valLoss (l1): 0.5 trainLoss (l1): 0.25").orElseThrow();
        assertThat(camel.evalLoss()).isEqualTo(0.5);
        // a qualifier after another metric makes no loss of it
        Progress acc = parser.parseLine("step 12 loss: 0.75 accuracy (top1): 0.5").orElseThrow();
        assertThat(acc.loss()).isEqualTo(0.75);
        assertThat(acc.evalLoss()).isNull();
        // a unit in parentheses after a time key stays the rate's
        Progress megatron = parser.parseLine("iteration 10/100 | elapsed time per iteration (ms): 4103.1 | lm loss: 2.3")
                .orElseThrow();
        assertThat(megatron.stepsPerSecond()).isNotNull();
        assertThat(megatron.loss()).isEqualTo(2.3);
    }
}
