package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The thirteenth round's second fresh set: 12 real excerpts (src/test/resources/logs/heldapart38, vision: from issue
 * threads nnU-Net v1's epoch blocks, MONAI's bare batch prints, InsightFace's MXNet Speedometer lines with
 * "lossvalue=", darkflow's YOLOv2 steps; committed: DeiT-style JSON lines, X-CLIP's one train line among tensor dumps,
 * PaddleX in Markdown, a Faster R-CNN logger whose messages start with a newline, BasicSR/pyiqa, ultralytics'
 * yolov3 (2020), an ASCII box per epoch, EMCAD), collected by a helper who did not read the parser, expectations
 * written before the parser ran on them.
 */
class ProgressParserHeldApart38Test {

    // measured once, with the code of ba0b9d4, before these were seen: 10/12; after its classes 12/12
    // (ProgressParserRoundTwelveTest): "lossvalue=11.13" (the loss's word glued to "value"), and an ASCII box per
    // epoch whose "| train loss:                 0.137 |" pads the value to a column past 16 blanks.
    static final int FLOOR = 12;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart38", "held-apart 38", 12, FLOOR);
    }
}
