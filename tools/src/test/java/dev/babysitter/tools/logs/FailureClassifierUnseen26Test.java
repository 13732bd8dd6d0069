package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen26-logs.jsonl: 19 verbatim excerpts (7 healthy; PaddlePaddle's OCR, 3D, Seg,
 * Detection and NLP trainers, TensorFlow and Keras on Colab, MindSpore, MXNet's GluonCV and Mask R-CNN, Levanter on
 * TPU, sentence-transformers and a BERT job under Slurm), committed files in repositories cited nowhere else and seven
 * issue threads, collected by a helper who did not read the rules (the helper found no usable NaN, full-disk or
 * compiler log fresh enough). Measured once, with the code of 05ae9e7: 15/19, 0 false alarms, 0 failures called
 * healthy: MXNet's "cudaMalloc fail" / "ed: out of memory" broken across two lines; PaddlePaddle's signal report
 * ("SIGTERM (@0x..) received by PID", "`Termination signal` is detected") as a generic error; h5py's "file signature
 * not found" on a resumed weights file; a reset connection inside urlretrieve read as a collective's. After its
 * classes 19/19: the signal report is a preemption unless the trainer raised its own exception before it (then it is
 * the launcher's cleanup, as PaddleSeg's data-loader crash in this set shows), every other set's figures unchanged.
 */
class FailureClassifierUnseen26Test {

    @Test
    void twentySixthUnseenSet() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen26", 19, 19, 0, 0);
    }
}
