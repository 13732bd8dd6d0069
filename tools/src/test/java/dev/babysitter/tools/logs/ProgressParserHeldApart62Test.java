package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's eighth fresh set: 6 real excerpts (src/test/resources/logs/heldapart62, graph, molecular and
 * scientific: DGL's "Epoch 019 | Loss | Val Acc | Test Acc", SkeletonGCL's CTR-GCN blocks (issues); DeePMD's
 * lcurve.out, a JAX quantum Monte Carlo logger, a chemistry language model under the HF Trainer, SimGNN's bare prints
 * (committed)), collected by a helper who did not read the parser (it stopped at 6), expectations written before the
 * parser ran on them.
 */
class ProgressParserHeldApart62Test {

    // measured once, with the code of 9e13533, before these were seen: 5/6, fields 9/15 (DGL's training loss read as
    // an evaluation's because "Test Acc" follows it after a bar); 6/6 and fields 13/15 after (and the 2s-AGCN
    // family's print_log: its asctime, "Training epoch: 56", "Mean test loss of 8 batches:"). Left: a fractional
    // epoch, SimGNN's "test error".
    static final int FLOOR = 6;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart62", "held-apart 62", 6, FLOOR);
    }
}
