package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fourteenth round's class (unseen40's false alarm) as variants no corpus row holds, with its guard: NaN said of
 * data (out-of-fold predictions, inputs, features, labels) is no NaN of the training's own numbers; said of the
 * loss, the gradients or the model's output it still is.
 */
class FailureClassifierRoundFourteenTest {

    private final FailureClassifier classifier = new FailureClassifier();

    @Test
    void nanSaidOfDataIsNoDivergence() {
        for (String line : List.of("[warn] OOF has NaN at indices: [0 1 2 3 4 5 6 7 8 9] ... total 1500",
                "WARNING: features contain NaN, filling with 0", "the labels have NaN in 3 rows")) {
            List<String> log = List.of("[LightGBM] [Info] Start training from score 0.000427", line,
                    "OOF R2 (scored-only): 0.42", "[ok] wrote submission.csv");
            assertThat(classifier.classify(log).failureClass()).as(line).isEqualTo(FailureClass.HEALTHY);
        }
    }

    @Test
    void nanSaidOfTheTrainingIsStillADivergence() {
        for (String line : List.of("the loss has NaN at step 300", "model output contains nan",
                "gradient has become nan", "Loss is NaN, stopping")) {
            assertThat(classifier.classify(List.of("step 290 loss 2.1", line)).failureClass()).as(line)
                    .isEqualTo(FailureClass.NAN_LOSS);
        }
    }
}
