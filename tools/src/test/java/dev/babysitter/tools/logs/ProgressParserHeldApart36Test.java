package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The twelfth round's second fresh set: 12 real excerpts (src/test/resources/logs/heldapart36, older and less common
 * trainers: Caffe's glog, Theano under LSF, PaddleVideo, MXNet's batch ranges, TF1 slim (issue), nolearn's epoch
 * table going NaN (issue), MindSpore on ModelArts, rsl_rl on Isaac Gym going NaN (issue), Chainer's LogReport, TF1
 * hooks, a TF1 Chinese NER with conlleval tables, Torch7's char-CNN (issue)), collected by a helper who did not read
 * the parser, expectations written before the parser ran on them.
 */
class ProgressParserHeldApart36Test {

    // measured once, with the code of 6dd1445, before these were seen: 10/12; after its classes 11/12
    // (ProgressParserRoundTwelveTest): nolearn's table, whose names hold blanks ("train loss") cut by tabulate's
    // dash rule; 12/12 after the sixteenth round ("iteration:100 step74/174,NER loss: ..": a step counted against its
    // total outranks an iteration with none, which counts the passes).
    static final int FLOOR = 12;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart36", "held-apart 36", 12, FLOOR);
    }
}
