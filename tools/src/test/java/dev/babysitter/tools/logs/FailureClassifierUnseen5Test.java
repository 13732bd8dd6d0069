package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen5-logs.jsonl: 28 verbatim excerpts (18 failures over 11 classes, three kinds of
 * driver error among them; 10 healthy logs, two of them long committed logs with harmless "error"/"warning" lines),
 * each from a repository cited nowhere else, collected after the seventh round's first changes by someone who did
 * not read the rules. Measured once, before any change: 24/28 = 0.857, three healthy logs alerted, one failure called
 * healthy. The misses, by class: tensorboardX's "NaN or Inf found in input tensor" (any logged scalar, twice) read
 * as a NaN loss; a "Killed" glued to the progress bar it cut short. Both generalised: 27/28. Left, and kept as an
 * alert on purpose: a run script whose line after training fails with {@code run.sh: line 70: --freeze_plm:
 * command not found} (labelled healthy because training had finished; an option run as a program is the same
 * broken command line as the tuning corpus's {@code train.sh: 15: -u: not found}, where nothing ran).
 */
class FailureClassifierUnseen5Test {

    @Test
    void fifthUnseenSet() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen5", 28, 27, 1, 0);
    }
}
