package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The eleventh round's second fresh set: 12 real excerpts (src/test/resources/logs/heldapart34, scientific ML,
 * recommendation, time series, tabular and other languages: MATLAB's trainNetwork table, DeepPurpose in a notebook,
 * a forecaster's "iters:" lines, a Julia trainer going NaN, PINN JSON lines of 3 K chars, BigDL on Scala with MLPerf
 * lines, a Markdown log, GraphSAGE with Chinese labels, NGCF's prettytable, llm.c under Slurm, chemprop's folds,
 * LAMDA-TALENT), from committed logs in public repositories, collected by a helper who did not read the parser,
 * expectations written before the parser ran on them.
 */
class ProgressParserHeldApart34Test {

    // measured once, with the code of 6e88c64, before these were seen: 9/12; after its classes 10/12
    // (ProgressParserRoundElevenTest): "第 0590 轮" (a Chinese ordinal counter) under an earlier English run's
    // "Epoch: 5000". Left: MATLAB's table, whose column names span two header rows ("Mini-batch" over "Loss"), and
    // a PINN record whose only step key is "adam_step" and whose expected loss is one block's residual.
    static final int FLOOR = 10;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart34", "held-apart 34", 12, FLOOR);
    }
}
