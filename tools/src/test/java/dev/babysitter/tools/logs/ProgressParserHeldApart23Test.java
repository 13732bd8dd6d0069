package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The eighth round's third fresh set: 24 real excerpts (src/test/resources/logs/heldapart23), mostly home-made print
 * and logger lines from committed train.log, output.log, nohup.out and *.out files of small repositories (a spiking
 * ResNet, a C++ perceptron, visual odometry, a Chinese-language AlphaZero, a TensorFlowOnSpark DQN recommender, an
 * RF-modulation model, a CTR model, a NumPy MLP, an earthquake MDN, OpenJERE's tqdm; a 3D VAE, a hyperspectral UNet++,
 * USRNet, a BasicSR log on Paddle, EDSR's issue log with a NaN, DeepLab-LFOV, a video model, a notebook VAE, a point
 * cloud classifier, a MONAI pipeline, PaddleX in a README, a forensic reconstruction model), collected by two helpers
 * who did not read the parser, expectations written before the parser ran on them.
 */
class ProgressParserHeldApart23Test {

    // measured once, with the code of 81f0ef0, before these were seen: 17/24. Generalised by class after that (with
    // '=' separators a key of several words after a field separator, "Recon Loss=.., Total Loss=..", never the
    // previous field's value or word; a bare "L" is the loss its L_ terms add up to; "L1" alone is the loss by its
    // norm, "[9600/10500]\t[L1: nan]"): 19/24; Chinese keys ("训练损失: 16.36", train loss, "验证损失", "步数", "迭代",
    // the full-width colon): 21/24. Left: a C++ trainer's "Error:" (alone also an error rate), an earthquake model's
    // bare "train -1.50 | val 9.47" columns, an epoch summary's loss after a batch line of the same epoch (the batch
    // line's step and loss are kept: taking the summary's instead lost two older sets).
    static final int FLOOR = 21;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart23", "held-apart 23", 24, FLOOR);
    }
}
