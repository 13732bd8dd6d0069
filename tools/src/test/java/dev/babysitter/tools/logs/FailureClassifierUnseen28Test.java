package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen28-logs.jsonl: 2 verbatim excerpts of multi-node jobs from issue threads cited
 * nowhere else (the DeepSpeed launcher over a script's NameError on both ranks, a healthy 16-node Trainer run into its
 * evaluation), collected by a helper who did not read the rules; a second helper found no further log it could copy
 * whole (the issue index cuts most pasted multi-node logs before their end). Measured once, with the code of
 * f510c62: 2/2, 0 false alarms, 0 failures called healthy.
 */
class FailureClassifierUnseen28Test {

    @Test
    void twentyEighthUnseenSet() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen28", 2, 2, 0, 0);
    }
}
