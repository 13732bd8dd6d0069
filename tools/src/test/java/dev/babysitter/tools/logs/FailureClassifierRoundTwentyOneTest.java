package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The twenty-first round's classes (unseen49, jobs outside the deep-learning frameworks), as variants no corpus row
 * holds, with guards: R's own words for the host's memory and for a package not installed; programs that end with one
 * line of their own (Rscript's "Execution halted", SentencePiece's and absl's "unrecoverable error", libsvm's and
 * liblinear's "Wrong input format"); an exception raised under joblib's reading frames is the model file's.
 */
class FailureClassifierRoundTwentyOneTest {

    private final FailureClassifier classifier = new FailureClassifier();

    private FailureClass classOf(String... lines) {
        return classifier.classify(List.of(lines)).failureClass();
    }

    @Test
    void rsMemoryErrorsAreTheHosts() {
        assertThat(classOf("iter  30 value 6.134514", "Error: cannot allocate vector of size 12.5 Gb",
                "Execution halted")).isEqualTo(FailureClass.HOST_OOM);
        assertThat(classOf("Error: vector memory exhausted (limit reached?)", "Execution halted"))
                .isEqualTo(FailureClass.HOST_OOM);
    }

    @Test
    void rsMissingPackageIsADependency() {
        assertThat(classOf("Error in loadNamespace(x) : there is no package called ‘xgboost’",
                "Calls: loadNamespace -> withRestarts -> withOneRestart -> doWithOneRestart",
                "Execution halted")).isEqualTo(FailureClass.MISSING_DEPENDENCY);
    }

    @Test
    void programsThatEndWithTheirOwnLineAreErrors() {
        assertThat(classOf("fitting model", "Error in solve.default(A) : ", "  Lapack routine dgesv: system is exactly"
                + " singular: U[2,2] = 0", "Calls: solve -> solve.default", "Execution halted"))
                .isEqualTo(FailureClass.OTHER_ERROR);
        assertThat(classOf("trainer_interface.cc(685) LOG(INFO) Saving model: m.model",
                "spm_train_main.cc(275) [_status.ok()] Internal: Vocabulary size too high (8000).",
                "Program terminated with an unrecoverable error.")).isEqualTo(FailureClass.OTHER_ERROR);
        assertThat(classOf("Wrong input format at line 42")).isEqualTo(FailureClass.OTHER_ERROR);
    }

    @Test
    void theSameWordsInAHealthyLogAreNot() {
        // R's warnings after a fit that completed, and a reader that says it will halt on a bad line
        assertThat(classOf("Warning messages:", "1: glm.fit: algorithm did not converge ",
                "2: glm.fit: fitted probabilities numerically 0 or 1 occurred ", "saved model to fit.rds"))
                .isEqualTo(FailureClass.HEALTHY);
        assertThat(classOf("iter  10 value 45.1", "iter  20 value 12.7", "final  value 3.2 ", "converged"))
                .isEqualTo(FailureClass.HEALTHY);
    }

    @Test
    void anExceptionUnderJoblibsReadingFramesIsTheModelFiles() {
        assertThat(classOf("warm-starting from model.joblib", "Traceback (most recent call last):",
                "  File \"train.py\", line 10, in <module>", "    clf = joblib.load('model.joblib')",
                "  File \"/usr/lib/python3/dist-packages/joblib/numpy_pickle.py\", line 658, in load",
                "    obj = _unpickle(fobj, filename, mmap_mode)",
                "  File \"/usr/lib/python3/dist-packages/joblib/numpy_pickle_utils.py\", line 251, in _read_bytes",
                "    raise ValueError(msg % (error_template, size, len(data)))",
                "ValueError: EOF: reading array data, expected 4200 bytes got 3500"))
                .isEqualTo(FailureClass.CHECKPOINT_CORRUPT);
        // joblib writing is not reading: a full disk under dump stays the disk's
        assertThat(classOf("Traceback (most recent call last):",
                "  File \"/usr/lib/python3/dist-packages/joblib/numpy_pickle.py\", line 553, in dump",
                "    NumpyPickler(f, protocol=protocol).dump(value)",
                "OSError: [Errno 28] No space left on device")).isEqualTo(FailureClass.DISK_FULL);
        // joblib's parallel workers are not its persistence
        assertThat(classOf("Traceback (most recent call last):",
                "  File \"/usr/lib/python3/dist-packages/joblib/parallel.py\", line 1085, in __call__",
                "    if self.dispatch_one_batch(iterator):",
                "ValueError: Input contains NaN")).isNotEqualTo(FailureClass.CHECKPOINT_CORRUPT);
    }
}
