package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fourteenth round's classes as variants no corpus row holds, with their guards: NaN said of data (out-of-fold
 * predictions, inputs, features, labels) is no NaN of the training's own numbers, said of the loss, the gradients or
 * the model's output it still is (unseen40's false alarm); PaddleOCR's values padded to six characters with 'x'
 * ("loss: nanxxx"), and Ray's memory monitor killing workers (unseen42's two failures called healthy).
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

    @Test
    void paddleOcrsPaddedNanIsANanLoss() {
        List<String> log = List.of(
                "[2023/05/26 21:49:05] ppocr INFO: epoch: [1/2000], global_step: 174, lr: 0.000013, acc: 0.000000,"
                        + " loss: 2.304512, avg_reader_cost: 0.01411 s",
                "[2023/05/26 21:49:42] ppocr INFO: epoch: [1/2000], global_step: 183, lr: 0.000013, acc: 0.000000,"
                        + " loss: nanxxx, avg_reader_cost: 0.62102 s");
        assertThat(classifier.classify(log).failureClass()).isEqualTo(FailureClass.NAN_LOSS);
        assertThat(classifier.classify(List.of("step 5, loss: -infxx")).failureClass())
                .isEqualTo(FailureClass.NAN_LOSS);
        // a word that merely starts so is no value
        assertThat(classifier.classify(List.of("step 5 loss 0.5 nanxxxyz done", "loaded infxxl.bin")).failureClass())
                .isEqualTo(FailureClass.HEALTHY);
    }

    @Test
    void raysMemoryMonitorKillingWorkersIsHostOom() {
        String ray = "(raylet) [2023-07-23 15:21:29,851 E 9751 9751] (raylet) node_manager.cc:3084: 4 Workers (tasks"
                + " / actors) killed due to memory pressure (OOM), 0 Workers crashed due to other reasons at node";
        assertThat(classifier.classify(List.of("round 3 loss 0.4", ray)).failureClass())
                .isEqualTo(FailureClass.HOST_OOM);
        assertThat(classifier.classify(List.of("ray.exceptions.OutOfMemoryError: Task was killed due to the node"
                + " running low on memory.")).failureClass()).isEqualTo(FailureClass.HOST_OOM);
    }
}
