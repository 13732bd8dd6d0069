package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The seventeenth round's eleventh fresh set: 5 real excerpts (src/test/resources/logs/heldapart85, biology and
 * chemistry: scGPT's pipe-separated batches with "valid loss/mse" at each epoch's end in a Slurm .out, chemprop's
 * verbose.log going NaN, Geneformer distillation's JSON lines, a ProtT5 LoRA under the Hugging Face Trainer in a
 * notebook whose output is its HTML progress and metrics table, a DiffDock regression notebook's print loop),
 * collected by a helper who did not read the parser (it stopped at 5), expectations written before the parser ran.
 */
class ProgressParserHeldApart85Test {

    // measured once, with the code of 3d6894e, before these were seen: 4/5, fields 12/18. Then read the Trainer's
    // notebook display (its "[14885/14885 9:52:08, Epoch 4/5]" and HTML metrics table) and a loss named before its
    // kind ("valid loss/mse").
    static final int FLOOR = 5;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart85", "held-apart 85", 5, FLOOR);
    }
}
