package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The eleventh round's classes (unseen25-27) as variants no corpus row holds, each with its guard: Open MPI's report,
 * a stated version requirement in an error, inotify's ENOSPC, a signal report after the trainer's own exception, and
 * a NaN under a loss column of the table header above it.
 */
class FailureClassifierRoundElevenTest {

    private final FailureClassifier classifier = new FailureClassifier();

    private FailureClass label(String... lines) {
        return classifier.classify(List.of(lines)).failureClass();
    }

    @Test
    void aNanUnderALossColumnIsANanRunAndANanUnderAMetricIsNot() {
        assertThat(label(
                "  epoch   gpu_mem   loss_box   loss_obj   instances   size",
                "   3/300     7.1G        nan        nan          12    640: 100%|#####| 9/9")).isEqualTo(FailureClass.NAN_LOSS);
        assertThat(label(
                "  epoch   train_loss   val_mAP   lr",
                "   3/300       0.412       nan   0.001")).isEqualTo(FailureClass.HEALTHY);
    }

    @Test
    void openMpisReportIsTheCollectivesFailure() {
        assertThat(label("step 10 loss 2.1",
                "At least one pair of MPI processes are unable to reach each other for",
                "[n1:4411] *** MPI_ERRORS_ARE_FATAL (processes in this communicator will now abort,"))
                .isEqualTo(FailureClass.NCCL);
    }

    @Test
    void anErrorThatNamesTheVersionItNeedsIsAMissingDependency() {
        assertThat(label("Traceback (most recent call last):",
                "RuntimeError: flash-attn requires torch>=2.2 to run this kernel"))
                .isEqualTo(FailureClass.MISSING_DEPENDENCY);
        assertThat(label("WARNING: this recipe requires transformers >= 4.40 for best results", "step 5 loss 1.2"))
                .isEqualTo(FailureClass.HEALTHY);
    }

    @Test
    void inotifysEnospcIsNoFullDisk() {
        assertThat(label("inotify_add_watch(/data) failed: No space left on device", "step 100 loss 0.9"))
                .isNotEqualTo(FailureClass.DISK_FULL);
        assertThat(label("OSError: [Errno 28] No space left on device: '/ckpt/step-100'"))
                .isEqualTo(FailureClass.DISK_FULL);
    }

    @Test
    void aSignalReportAfterTheTrainersOwnExceptionIsTheLaunchersCleanup() {
        String report = "  [SignalInfo: *** SIGTERM (@0x3e8) received by PID 4411 (TID 0x7f) from PID 4400 ***]";
        assertThat(label("step 50 loss 1.0", "FatalError: `Termination signal` is detected by the operating system.",
                report)).isEqualTo(FailureClass.PREEMPTION_SIGTERM);
        assertThat(label("Traceback (most recent call last):", "KeyError: 'label'",
                "FatalError: `Termination signal` is detected by the operating system.", report))
                .isEqualTo(FailureClass.OTHER_ERROR);
    }
}
