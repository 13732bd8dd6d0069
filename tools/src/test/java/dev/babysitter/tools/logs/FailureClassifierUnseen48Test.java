package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen48-logs.jsonl: 20 logs that real jobs wrote on this machine (Debian's torch 1.13,
 * torchvision, scikit-learn, xgboost and skorch; each job's script under failures/unseen48-jobs): host allocation
 * failures (torch's DefaultCPUAllocator, numpy, a DataLoader worker and a trainer killed by SIGKILL), a missing
 * module, a truncated checkpoint, code and configuration errors, torch without CUDA, a dataset download with no
 * network, a full disk under torch.save, a gloo collective timeout and a SIGTERM under torchrun, a NaN skorch run, and
 * six healthy runs (a ConvergenceWarning, an xgboost WARNING block, SciPy's L-BFGS-B report, a torchrun job to the
 * end). Labels written before the classifier ran. Measured once, with the code of b59a82f: 18/20, 0 false alarms, 0
 * failures called healthy (numpy's _ArrayMemoryError and the truncated checkpoint's OSError read as other_error).
 */
class FailureClassifierUnseen48Test {

    @Test
    void unseenSet48() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen48", 20, 20, 0, 0);
    }
}
