package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The third honest estimate: real excerpts of 17 trainers in no other fixture set (src/test/resources/logs/heldapart3:
 * MLX, SpeechBrain, OLMo, torch_xla, AWD-LSTM, Transformer-XL, Flax/clu, diffusers Flax, Tianshou, AllenNLP, MXNet,
 * RLlib, TRL GRPO, Spinning Up, DeepRM, MST, a TF1 seq2seq loop), found in public GitHub issues, each citing its
 * source, with expectations committed before the parser was run on them (commit "Held-apart 3: ..."), measured once
 * at 9/17 (fields 41/54). The fourth round then tuned on its misses (ProgressParserRecordsTest), so the set is no
 * longer unseen and the floor guards the tuned result (docs/parsing.md).
 */
class ProgressParserHeldApart3Test {

    // the one measurement gave 9/17 (fields 41/54); after tuning 17/17 (fields 53/54: TRL's fractional epoch 0.37
    // is kept as a whole epoch by Progress)
    static final int FLOOR = 17;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart3", "held-apart 3", 17, FLOOR);
    }
}
