package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen27-logs.jsonl: 4 verbatim excerpts of single-GPU jobs (2 healthy ultralytics runs
 * stopped early by patience, an Unsloth notebook missing triton, an ultralytics run whose losses are nan from its first
 * epoch), from two issue threads and two committed files cited nowhere else, collected by a helper who did not read the
 * rules (it ran out of time at 4). Measured once, with the code of f1579d1: 3/4, 0 false alarms, 1 failure called
 * healthy: ultralytics' table rows with nan under box_loss, cls_loss and dfl_loss. After its class 4/4: a nan or inf
 * cell under a loss column of the header just above (counted by blank-separated tokens) is a NaN run; every other
 * set's figures unchanged.
 */
class FailureClassifierUnseen27Test {

    @Test
    void twentySeventhUnseenSet() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen27", 4, 4, 0, 0);
    }
}
