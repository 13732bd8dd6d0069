package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The thirteenth round's classes (unseen36's two false alarms) as variants no corpus row holds, each with its guard:
 * a shell's missing program or file that the job went on long after (conda's init noise, a stale activate path, an
 * optional tool), and TensorFlow's own C++ warning lines ("2022-11-22 12:25:21.409700: W tensorflow/..").
 */
class FailureClassifierRoundThirteenTest {

    private final FailureClassifier classifier = new FailureClassifier();

    private static List<String> trainingLines(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add("step " + (i * 10) + " loss " + (2.0 - i * 0.01));
        }
        return out;
    }

    @Test
    void aShellMissTheJobWentOnLongAfterIsNoCause() {
        List<String> log = new ArrayList<>(List.of("environment: line 5: __conda_exe: command not found",
                "./main.sh: line 132: /opt/venvs/2022-07-01/bin/activate: No such file or directory",
                "bash: nvidia-smi: command not found"));
        log.addAll(trainingLines(30));
        assertThat(classifier.classify(log).failureClass()).isEqualTo(FailureClass.HEALTHY);
    }

    @Test
    void aShellMissAtTheEndIsStillTheCause() {
        List<String> log = new ArrayList<>(trainingLines(30));
        log.add("./run.sh: line 70: torchrun: command not found");
        assertThat(classifier.classify(log).failureClass()).isEqualTo(FailureClass.MISSING_DEPENDENCY);
        assertThat(classifier.classify(List.of("sh: 1: nosuchpython: not found")).failureClass())
                .isEqualTo(FailureClass.MISSING_DEPENDENCY);
    }

    @Test
    void anEarlierShellMissStillExplainsALaterCrashOfItsOwn() {
        List<String> log = new ArrayList<>(List.of("bash: module: command not found"));
        log.addAll(trainingLines(30));
        log.add("ModuleNotFoundError: No module named 'apex'");
        assertThat(classifier.classify(log).failureClass()).isEqualTo(FailureClass.MISSING_DEPENDENCY);
    }

    @Test
    void tensorflowsOwnWarningLinesRaiseNothing() {
        List<String> log = new ArrayList<>(trainingLines(5));
        log.add("2022-11-22 12:25:21.409700: W tensorflow/core/grappler/costs/op_level_cost_estimator.cc:690] Error in"
                + " PredictCost() for the op: op: \"CropAndResize\"");
        assertThat(classifier.classify(log).failureClass()).isEqualTo(FailureClass.HEALTHY);
        // an allocation TensorFlow retries is a warning; the same failure at error level is the run's
        String oom = "tensorflow/stream_executor/cuda/cuda_driver.cc:789] failed to allocate 9.77G (10485760000 bytes)"
                + " from device: CUDA_ERROR_OUT_OF_MEMORY: out of memory";
        List<String> warned = new ArrayList<>(trainingLines(5));
        warned.add("2022-11-22 12:25:21.409700: W " + oom);
        assertThat(classifier.classify(warned).failureClass()).isEqualTo(FailureClass.HEALTHY);
        List<String> error = new ArrayList<>(trainingLines(5));
        error.add("2022-11-22 12:25:21.409700: E " + oom);
        assertThat(classifier.classify(error).failureClass()).isEqualTo(FailureClass.CUDA_OOM);
    }
}
