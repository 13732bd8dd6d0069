package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The eighth round's first fresh set: 24 real excerpts (src/test/resources/logs/heldapart21: the Annotated
 * Transformer, Chainer's word2vec docs, connLM, CS224N SQuAD, DeepNLP NMT, simple-nmt, a TF1 text classifier, WildML's
 * RNN LM, a GPT-2 on Apple silicon, R's text2vec GloVe, a Udacity char-RNN and TV-script notebook; a Caffe ENet
 * solver (hand-copied: the repository is too large to fetch), AdvGAN, a Lightning emoji logger, ImageNet ResNet-50
 * tqdm summaries, keras-faster-rcnn, a tqdm bar with no total, YOLOv5 with early stopping, a Chainer GAN's LogReport,
 * Pix2Pix key=value lines, a ResNet CIFAR markdown log, mmdetection v1, detectron2), from committed logs, docs and
 * notebooks, collected by two helpers who did not read the parser, expectations written before the parser ran on
 * them.
 */
class ProgressParserHeldApart21Test {

    // measured once, with the code of d8bcd8a, before these were seen: 19/24. Generalised by class after that (a key
    // written as words names its counter by its last word, "Epoch Step: 1"; "expected cost" is a loss; a loss "per"
    // what counts is the loss, trainLossPerBatch; a loss named for when it was taken, its counters before the colon,
    // "Loss after num_examples_seen=7200 epoch=18: 6.03"): 23/24. Left: connLM's "TrEnt 6.08 .. CVEnt: 6.60"
    // (entropy abbreviated as Ent: alone, "entropy" is an RL policy's, not a loss).
    static final int FLOOR = 23;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart21", "held-apart 21", 24, FLOOR);
    }
}
