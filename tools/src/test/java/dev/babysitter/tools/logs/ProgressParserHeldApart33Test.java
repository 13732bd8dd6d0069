package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The eleventh round's first fresh set: 12 real excerpts (src/test/resources/logs/heldapart33, generative models and
 * audio: a VAE program generator's print loop, FastSpeech2, three Tacotron variants (one ending in TensorFlow's
 * "Found Inf or NaN global norm"), Diffusion-SVC's pipe lines, a text-diffusion modded-nanoGPT, FastPitch's DLLogger
 * JSON lines, Chainer's LogReport JSON, Whisper's trainer_state.json and model-card table, SpeechBrain), from
 * committed logs in public repositories, collected by a helper who did not read the parser, expectations written
 * before the parser ran on them.
 */
class ProgressParserHeldApart33Test {

    // measured once, with the code of 6e88c64, before these were seen: 10/12; after its classes 12/12
    // (ProgressParserRoundElevenTest): Diffusion-SVC's experiment name "exp/diffusion-test" read as an evaluation
    // section, and DLLogger's "step": [epoch, iteration, iterations per epoch].
    static final int FLOOR = 12;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart33", "held-apart 33", 12, FLOOR);
    }
}
