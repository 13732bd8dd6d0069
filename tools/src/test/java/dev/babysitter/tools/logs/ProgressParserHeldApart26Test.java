package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The ninth round's second fresh set: 24 real excerpts (src/test/resources/logs/heldapart26: TorchRL PPO under
 * loguru, a Lightning NaN run, a Korean OCR trainer, nanoGPT, PaddlePaddle's "loss is:", a peptide VAE, cuda-convnet
 * (2014), an unlabelled recommender log, a neural SDE, SB3 tables, a GNN's folds, a TF2 Transformer; CatBoost, dlib
 * through C#, Lua Torch7's dp, a ChebNet notebook, DeePMD's lcurve.out, a PINN, Julia's Knet, a C++ library's own
 * logger, ProbTransformer, RetaGNN, R torch/luz, SOFTS), from committed logs, docs, notebooks and issues, collected by
 * two helpers who did not read the parser, expectations written before the parser ran on them.
 */
class ProgressParserHeldApart26Test {

    // measured once, with the code of fa0b4d6, before these were seen: 17/24. Generalised by class after that (a data
    // file's commented header over bare rows, "#  step  rmse_val  rmse_trn"; rmse keys as the objective of a
    // regression that names no loss, with trn/tst for train/test; a line in a training line's format right under an
    // evaluation heading is that evaluation's unless its counters moved on): 19/24. Left: cuda-convnet's
    // "21.737... logprob: 0.74, 0.32", an unlabelled "loss, batch" pair, Knet's Julia tuples "(:epoch, 20, :trn,
    // 22.9f0, ..)", a metric-per-line logger whose component ("train_ma_ce_loss") follows its loss at the same step,
    // a PINN's L-BFGS phase that prints losses with no counter after Adam's counted ones.
    static final int FLOOR = 19;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart26", "held-apart 26", 24, FLOOR);
    }
}
