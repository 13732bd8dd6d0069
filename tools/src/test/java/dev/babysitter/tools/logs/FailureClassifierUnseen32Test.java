package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen32-logs.jsonl: 4 verbatim excerpts of classic jobs (a TensorFlow 1.x TPUEstimator
 * BERT-NER run finished with a poor score; a YOLOv7-tiny run under nohup whose carriage-return bars make lines of
 * 10,700 characters; a text-segmentation run with per-epoch validation; an mmdetection job failing on a missing
 * libcudart.so.10.2), collected by a helper who did not read the rules (it stopped at 4). Measured once, with the code
 * of 33aa3e4: 4/4, 0 false alarms, 0 failures called healthy.
 */
class FailureClassifierUnseen32Test {

    @Test
    void thirtySecondUnseenSet() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen32", 4, 4, 0, 0);
    }
}
