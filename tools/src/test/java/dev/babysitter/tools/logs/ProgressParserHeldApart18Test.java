package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The seventh round's fifth fresh set: 24 real excerpts (src/test/resources/logs/heldapart18: DeepLearning4J, a TF
 * speaker-verification loop, GraphNovo, a wind-power diffusion model with joined tqdm bars, OpenNMT-py, a PaddlePaddle
 * v1 trainer, an SB3 PPO homework, a VGAE recommender, nanoGPT, Hyper-CDR, a Keras CSVLogger, a spiking translation
 * model; d2go, TransFusion, SEW-ResNet, Image_Segmentation, ultrasound-nerve (Keras), YOLO tutorials (Keras NaN),
 * MoCo, LightningDiT, mmaction2 JSON, MindSpore LightCNN, MonoDepth, SODA-mmrotate), collected by two helpers who did
 * not read the parser, expectations written before the parser ran on them.
 */
class ProgressParserHeldApart18Test {

    // measured once, with the round's code after heldapart17's and unseen7's changes (2b808f1), before these were
    // seen: 22/24. Generalised after that: DeepLearning4J's ScoreIterationListener ("Score at iteration 78700 is
    // 0.98": its score is the loss): 23/24. Left: Stable-Baselines3's step (this helper too expected total_timesteps:
    // three fresh helpers against three earlier sets' iterations).
    // 24 since the eighteenth round: an SB3 table's step is its time/total_timesteps, as its collector read it.
    static final int FLOOR = 24;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart18", "held-apart 18", 24, FLOOR);
    }
}
