package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen33-logs.jsonl: 8 verbatim excerpts, 7 committed and 1 pasted (a TensorFlow 1.x
 * BiLSTM-CRF NER run ending in evaluation tables; keyword-spotting runs back to back; a KoGPT2 fine-tune among Hub 404
 * lines; Ray Tune's RLlib table still RUNNING; MalConv's epoch metrics; a Keras CSVLogger's rows; a torchrun job whose
 * device mismatch is followed by the launcher's SIGTERM to the other ranks (not a preemption); PaddlePaddle's
 * ResourceExhaustedError), collected by a helper who did not read the rules (it stopped at 8). Measured once, with the
 * code of 3961040: 8/8, 0 false alarms, 0 failures called healthy.
 */
class FailureClassifierUnseen33Test {

    @Test
    void thirtyThirdUnseenSet() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen33", 8, 8, 0, 0);
    }
}
