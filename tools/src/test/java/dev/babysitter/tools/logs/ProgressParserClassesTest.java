package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fifth round's miss classes (held-apart 5, then the older sets' remaining misses), each as variants that no
 * fixture holds, plus guards: a counter opening the line before ": ", an integer that is a field of its own, a
 * loss key holding null, an epoch named anywhere in a bar's description, the first component of a one-metric-per-line
 * record, metrics indented under an evaluation heading, an "n/N" whose left number stays while the right one grows,
 * a banner epoch with a colon, "CV" lines after a logger level. A tuning set: the rules were written against it.
 */
class ProgressParserClassesTest {

    private final ProgressParser parser = new ProgressParser();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '§', value = {
        // line § step § epoch § total § loss
        "  1200/5000: episode: 3, duration: 0.2s, loss: 0.51, mean_q: 2.2 § 1200 § null § 5000 § 0.51",
        "epoch 3 | 1200 | loss 0.52 | lr 1e-4 § 1200 § 3 § null § 0.52",
        "2024-05-01 10:00:00 - 87 - loss: 1.25 - lr: 0.001 § 87 § null § null § 1.25",
        "{'step': 10, 'loss': None, 'learning_rate': 0.1} § 10 § null § null § null",
        "Training Epoch 3: 45%|████      | 45/100 [00:10<00:12,  4.50it/s, loss=0.3] § 45 § 3 § 100 § 0.3",
        "train (epoch 7): 100%|██████████| 20/20 [00:05<00:00,  4.00it/s, loss=1.1] § 20 § 7 § 20 § 1.1",
    })
    void readsTheStepAndTheLoss(String line, String step, String epoch, String total, String loss) {
        Progress p = parser.parseLine(line).orElseThrow(() -> new AssertionError("no reading: " + line));
        assertThat(p.step()).as("step of " + line).isEqualTo(n(step));
        assertThat(p.epoch()).as("epoch of " + line).isEqualTo(n(epoch));
        assertThat(p.total()).as("total of " + line).isEqualTo(n(total));
        assertThat(p.loss()).as("loss of " + line).isEqualTo("null".equals(loss) ? null : Double.parseDouble(loss));
    }

    private static Long n(String s) {
        return "null".equals(s) ? null : Long.parseLong(s);
    }

    @Test
    void guardsAgainstFalseReadings() {
        assertThat(parser.parseLine("{\"loss\": null, \"eval_loss\": null}")).isEmpty(); // no step: nothing moves
        assertThat(parser.parseLine("| 1200 | 300 | 17 |")).isEmpty(); // numbers in fields, no loss
        assertThat(parser.parseLine("2024/01/02: loss 0.5").map(Progress::step).orElse(null)).isNull(); // a date
        assertThat(parser.parseLine("Epoch: 10")).isEmpty(); // a setting, not a banner
    }

    @Test
    void aBannerEpochMayHaveAColonBetweenRules() {
        Progress p = parser.lastProgress(List.of("==== epoch: 12 ====", "total loss: 3.5")).orElseThrow();
        assertThat(p.epoch()).isEqualTo(12L);
        assertThat(p.loss()).isEqualTo(3.5);
    }

    @Test
    void theFirstComponentOfARecordStandsIn() {
        Progress p = parser.lastProgress(List.of("step: 300", "actor_loss: 0.7", "critic_loss: 12.5",
                "entropy_loss: -0.01")).orElseThrow();
        assertThat(p.loss()).isEqualTo(0.7);
        // the next record's first component replaces it
        Progress q = parser.lastProgress(List.of("actor_loss: 0.7", "critic_loss: 12.5", "step: 400",
                "actor_loss: 0.6", "critic_loss: 11.0")).orElseThrow();
        assertThat(q.loss()).isEqualTo(0.6);
    }

    @Test
    void metricsIndentedUnderAnEvalHeadingAreEvaluation() {
        Progress p = parser.lastProgress(List.of("step: 500", "train:", "  loss: 2.1", "validation:", "  loss: 2.6",
                "  acc: 0.4")).orElseThrow();
        assertThat(p.loss()).isEqualTo(2.1);
        assertThat(p.evalLoss()).isEqualTo(2.6);
        // back at the heading's level: training again
        Progress q = parser.lastProgress(List.of("eval:", "  loss: 2.6", "loss: 1.9")).orElseThrow();
        assertThat(q.loss()).isEqualTo(1.9);
        assertThat(q.evalLoss()).isEqualTo(2.6);
    }

    @Test
    void aCounterWhoseLeftNumberStaysIsEpochAndBatch() {
        Progress p = parser.lastProgress(List.of("TRAIN Batch 2/1000 loss 5.1 lr 0.001", "TRAIN Batch 2/1100 loss 4.9 "
                + "lr 0.001")).orElseThrow();
        assertThat(p.step()).isEqualTo(1100L);
        assertThat(p.epoch()).isEqualTo(2L);
        // an ordinary counter whose left number moves is n of N
        Progress q = parser.lastProgress(List.of("Batch 10/1000 loss 5.1", "Batch 20/1000 loss 4.9")).orElseThrow();
        assertThat(q.step()).isEqualTo(20L);
        assertThat(q.total()).isEqualTo(1000L);
    }

    @Test
    void cvLinesAfterALoggerLevelAreEvaluation() {
        Progress p = parser.lastProgress(List.of("2023-01-30 18:49:20,438 INFO TRAIN Batch 4/100 loss 25.6",
                "2023-01-30 18:49:56,101 INFO CV Batch 4/0 loss 28.4")).orElseThrow();
        assertThat(p.loss()).isEqualTo(25.6);
        assertThat(p.evalLoss()).isEqualTo(28.4);
    }
}
