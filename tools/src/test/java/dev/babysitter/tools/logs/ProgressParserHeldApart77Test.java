package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The seventeenth round's third fresh set: 6 real excerpts (src/test/resources/logs/heldapart77: federated,
 * continual and few-shot learning: LG-FedAvg's "Round N, Average loss", a LEAF baseline's tqdm epochs, Avalanche's
 * TextLogger ("Epoch 31 ended." over "Loss_Epoch/train_phase/train_stream/Task000 = .."), an active client
 * selection run's ">> ROUND N" blocks, prototypical networks' "[epoch E/20, episode K/100]", online continual
 * learning's "==>>> it: N, avg. loss:"), collected by a helper who did not read the parser (it stopped at 6),
 * expectations written before the parser ran.
 */
class ProgressParserHeldApart77Test {

    // measured once, with the code of 78b5f47, before these were seen: 3/6, fields 12/18. Then read: a round as
    // the step when nothing else counts, an epoch's boundary said in a word ("Epoch 31 ended."), Avalanche's phase
    // paths. Left: ">> ROUND 2" banners over per-client counters ("(10/10)" clients trained, "(100/100)" tested).
    static final int FLOOR = 5;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart77", "held-apart 77", 6, FLOOR);
    }
}
