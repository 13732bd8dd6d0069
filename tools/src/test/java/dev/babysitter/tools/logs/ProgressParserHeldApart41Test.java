package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The fourteenth round's third fresh set: 12 real excerpts (src/test/resources/logs/heldapart41, scientific and
 * applied ML: nnU-Net v1's epoch blocks from an issue thread; committed: PaddleOCR's epoch-only lines, DeePMD's
 * lcurve.out, three Lightning CSV loggers of different layouts, an antibody benchmark's "Step=N/T TrainLoss=" pipes,
 * a Chinese development record's hand-written loop, a radiology logger with classification reports, a ViT-GRU log
 * after an aborted run, a key=value epoch line with a resume, and a Keras CSVLogger with sorted columns), collected by
 * a helper who did not read the parser, expectations written before the parser ran on them.
 */
class ProgressParserHeldApart41Test {

    // measured once, with the code of 1c12c91, before these were seen: 12/12 (two epochs missed: nnU-Net's and a
    // logger's epoch summary, not counted by step+loss).
    static final int FLOOR = 12;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart41", "held-apart 41", 12, FLOOR);
    }
}
