package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen-logs.jsonl: 22 verbatim excerpts from public issues of frameworks the rules
 * were not written against (JAX/XLA, vLLM, Slurm srun, Determined, Megatron-Bridge, DLLogger, Lightning under
 * SageMaker MPI, ...), each citing its thread. They were measured once before any rule changed (figure in
 * docs/classifier.md); the rules were then generalised by class, so this file now guards those classes.
 */
class FailureClassifierUnseenTest {

    @Test
    void unseenExcerptsAreClassifiedWithoutFalseAlarmsOrSilentFailures() throws IOException {
        FailureClassifierPublicCorpusTest.Tally t = FailureClassifierPublicCorpusTest.tally(
                FailureClassifierPublicCorpusTest.rows("/failures/unseen-logs.jsonl"), "unseen");
        String table = t.table("unseen-logs.jsonl", true);
        System.out.println(table);
        assertThat(t.n).isGreaterThanOrEqualTo(20);
        assertThat(t.falseAlarms).as("healthy excerpts alerted" + table).isEmpty();
        assertThat(t.calledHealthy).as("failures called healthy" + table).isEmpty();
        assertThat(t.accuracy()).as(table).isGreaterThanOrEqualTo(0.92);
    }
}
