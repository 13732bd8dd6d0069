package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The seventeenth round's sixth fresh set: 7 real excerpts (src/test/resources/logs/heldapart80, compression and
 * distillation: Torch-Pruning's fine-tuning "Epoch e/100, Acc=, Val Loss=", HSAKD's tab-separated records split over
 * two lines and printed by two processes, AQLM's "epoch=E	step=S	loss=X" per quantised module, a YOLOv7 QAT loop's
 * "QAT Finetuning E / 10, Loss:", NoWag's per-layer "iter N, train loss X, val loss None", KD_Lib's "Epoch: N, Loss:,
 * Accuracy:", a Taylor-pruning script's bare "Epoch:  N" lines), collected by a helper who did not read the parser
 * (it stopped at 7), expectations written before the parser ran.
 */
class ProgressParserHeldApart80Test {

    // measured once, with the code of 16cb8dd, before these were seen: 7/7, fields 11/15. Left: an epoch
    // line with only lr and duration ("Epoch:50	 lr:0.01000	 duration:10475.889") and a test loss named as a
    // component ("test_loss_cls"); "Epoch:  2" alone (as a configuration's "epoch: 10" reads); "QAT Finetuning 4 / 10"
    // as the epoch.
    static final int FLOOR = 7;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart80", "held-apart 80", 7, FLOOR);
    }
}
