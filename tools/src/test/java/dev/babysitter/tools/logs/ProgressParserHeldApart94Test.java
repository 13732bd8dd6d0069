package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The nineteenth round's third fresh set: 10 real excerpts (src/test/resources/logs/heldapart94, non-PyTorch
 * ecosystems: PaddleVideo, PaddleSeg, PaddleOCR, PaddleGAN, PaddleNLP (a Trainer's carriage-return bars, a hand-
 * written loop with dev lines), Knover, Chainer's JSON logs, TF1 slim with every line printed twice), collected by a
 * helper who did not read the parser, expectations written before the parser ran.
 */
class ProgressParserHeldApart94Test {

    // measured once, with the code of 14c982d, before these were seen: 10/10, fields 29/35.
    static final int FLOOR = 10;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart94", "held-apart 94", 10, FLOOR);
    }
}
