package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen20-logs.jsonl: 9 verbatim excerpts (4 failures: two Slurm time limits or
 * interrupts, a shape bug, a broken download; 5 healthy logs, one ending in Slurm's harmless cgroup errors) from
 * committed job output in repositories already on this machine, each from a repository cited nowhere else, collected
 * by a helper who did not read the rules. Measured once, with the code of 8d9367d: 9/9, no false alarm, none called
 * healthy.
 */
class FailureClassifierUnseen20Test {

    @Test
    void twentiethUnseenSet() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen20", 9, 9, 0, 0);
    }
}
