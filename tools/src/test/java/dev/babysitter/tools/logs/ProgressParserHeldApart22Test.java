package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The eighth round's second fresh set: 14 real excerpts (src/test/resources/logs/heldapart22: SageMaker DeepAR,
 * DeePTB, TF-Agents DQN rendered by knitr, a LADIES GNN, KGAT, an ad-ranking HyFormer (hand-copied from the stored
 * file text), LSTNet, R caret's gbm; a Demucs-style separator, ConcatBERT, DGCNN on Chainer, EmoNetTCN, PointNet,
 * a 3D SegFormer's tqdm folds), from committed logs, docs and notebooks, collected by two helpers who did not read the
 * parser (they stopped at 8 and 6 of 12 each), expectations written before the parser ran on them.
 */
class ProgressParserHeldApart22Test {

    // measured once, with the code of 606667a, before these were seen: 10/14. Generalised by class after that (a
    // phase word right after the epoch scopes the line as evaluation, "Epoch 8 Validation | AUC: .., LogLoss: 0.29";
    // knitr's "## " output marker before a table's header and rows; a "nan" cell in a column nobody filled; R gbm's
    // Deviance is its loss; rsyslog's escapes of control characters, "samples/sec#011loss=11.17" a tab): 13/14. Left:
    // KGAT's "train==[5.07916=1.90781 + 2.17957 + 0.99177]" (the total before its parts).
    static final int FLOOR = 13;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart22", "held-apart 22", 14, FLOOR);
    }
}
