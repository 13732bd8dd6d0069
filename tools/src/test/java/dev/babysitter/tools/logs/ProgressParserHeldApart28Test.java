package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The ninth round's fourth fresh set: 24 real excerpts (src/test/resources/logs/heldapart28: older trainers, a Chainer
 * LogReport, Torch7 char-rnn, CNTK, a TF1 fit loop, TF-slim, Keras 2, a modified darknet, MXNet Gluon SSD, Paddle's
 * hapi, Caffe, TF1 logging, Theano; recent ones, build-nanogpt's log.txt, a Composer README, Diffrax, Equinox, MLX
 * LoRA, modded-nanogpt on JAX and on Ascend NPU, Optax, a Lightning metrics.csv, TorchTitan on Intel XPU, torchtune
 * under Slurm, wordplay), from committed logs, docs and notebooks, collected by two helpers who did not read the
 * parser, expectations written before the parser ran on them.
 */
class ProgressParserHeldApart28Test {

    // measured once, with the code of b08eb18 (the parser as at 7dffd7c), before these were seen: 19/24. Generalised
    // by class after that (a key whose first '/'-segment is "loss" is a loss, Composer's "loss/train/total";
    // build-nanogpt's "<step> train|val <value>" records; darknet's "N: loss, avg avg, rate rate, .." where no word
    // names the loss): 22/24. Left: CNTK's "Minibatch[  17-  32, 100.00%]: ce = 1.03 * 1024", and wordplay's
    // "loss=1.2294 .. train_loss=1.2709", where the expectation took the smoothed loss= and the parser keeps its
    // documented preference for the qualified key (as in held-apart 5).
    static final int FLOOR = 22;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart28", "held-apart 28", 24, FLOOR);
    }
}
