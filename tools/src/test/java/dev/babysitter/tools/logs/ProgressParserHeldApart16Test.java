package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The seventh round's third fresh set: 24 real excerpts (src/test/resources/logs/heldapart16: NeMo LM pretraining,
 * QLoRA, apollo on fairseq, RMDL (Keras), Tacotron-2's WaveNet, an SB3 DQN log, RGCF on RecBole, a Keras LSTM,
 * scikit-learn's MLP, a graph CNN, PyG's QM9 example, a neural-operator log; Endo-FM, YOLOR, a frame-interpolation
 * loop, PredNet on Paddle, TransAttUnet, CMID on mmseg, ST-GCN, Mask2Former on detectron2, UNet++ (Keras), a Korean
 * OCR, JDE, a TF PointNet), collected by two helpers who did not read the parser, expectations written before the
 * parser ran on them.
 */
class ProgressParserHeldApart16Test {

    // measured once, with the round's code after heldapart15's changes (743eafd), before these were seen: 20/24.
    // Generalised by class after that (a plain header and its rows after a logger's timestamp and level, JDE's
    // "2021-01-26 02:42:23 [INFO]:    Epoch  Batch  box  conf  id  total ..."): 21/24. Left: a test after loading
    // the best model read as the last reading (kCNN), "[049500/50000] .. | batch 16" (the batch size read as the
    // step), and Stable-Baselines3's step, where this set's helper (as heldapart14's) expected total_timesteps and
    // heldapart2, heldapart3 (RLlib) and heldapart10 expect the iteration: a convention split two to three, kept.
    // 22 since the eighteenth round: an SB3 table's step is its time/total_timesteps, as its collector read it.
    static final int FLOOR = 22;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart16", "held-apart 16", 24, FLOOR);
    }
}
