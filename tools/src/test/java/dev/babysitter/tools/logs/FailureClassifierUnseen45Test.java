package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen45-logs.jsonl: one healthy excerpt (Ultralytics YOLOv8 training on coco128 in a
 * Colab notebook, epochs 83-91 with validation tables and ANSI escapes), all a helper collecting detection and
 * segmentation failures found in its time (failures pasted in issue threads ran past the search window). Measured
 * once, with the code of 97823ce: 1/1, 0 false alarms.
 */
class FailureClassifierUnseen45Test {

    @Test
    void unseenSet45() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen45", 1, 1, 0, 0);
    }
}
