package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen14-logs.jsonl: 20 verbatim excerpts (13 failures of ten classes, 7 healthy logs
 * chosen for alarming-looking but harmless lines: warnings, a kernel-version hang warning, a NaN-free metric near
 * zero, sentry debug lines), from committed Slurm/LSF/wandb output and six issue threads, each from a repository cited
 * nowhere else, collected by a helper who did not read the rules (no host-OOM, network or disk-full excerpt found in
 * time). Measured once, with the code of ff8d56f (after unseen11-13's classes, among them LSF's TERM_* reasons that
 * two of its four preemptions use): 20/20, no healthy log alerted, no failure called healthy. No change after.
 */
class FailureClassifierUnseen14Test {

    @Test
    void fourteenthUnseenSet() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen14", 20, 20, 0, 0);
    }
}
