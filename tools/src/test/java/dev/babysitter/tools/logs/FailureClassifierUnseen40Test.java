package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen40-logs.jsonl: 4 healthy excerpts of research and competition jobs (a fast-reid
 * evaluation run with a skipped-parameter warning, a Flower federated client, LightGBM cross-validation on a Kaggle
 * competition whose out-of-fold predictions hold NaN, a Keras transfer-learning sweep), collected by a helper who did
 * not read the rules (it found no fresh failure in its time). Measured once, with the code of 7480a38: 3/4, 1 false
 * alarm (LightGBM's "[warn] OOF has NaN at indices: .." read as a NaN loss), 0 failures called healthy; after 4/4.
 */
class FailureClassifierUnseen40Test {

    @Test
    void unseenSet40() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen40", 4, 4, 0, 0);
    }
}
