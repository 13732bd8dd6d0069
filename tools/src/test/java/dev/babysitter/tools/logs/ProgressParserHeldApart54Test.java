package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The fifteenth round's tenth fresh set: 3 real excerpts (src/test/resources/logs/heldapart54, speech, all committed:
 * two so-vits-svc 32k logs with VITS's unlabelled loss lists, one of them with sparse lists among epoch markers, and
 * StyleTTS2 under Lightning with restarted runs), collected by a helper who did not read the parser (it stopped at 3),
 * expectations written before the parser ran on them.
 */
class ProgressParserHeldApart54Test {

    // measured once, with the code of f728d27, before these were seen: 0/3 (VITS's unlabelled list, twice; StyleTTS2's
    // restarted runs); 2/3 after (VitsListRule, which also reads held-apart 29's VITS excerpt). Left: StyleTTS2's log,
    // where a later run's lines (a smaller step, another total) follow the one the collector read.
    static final int FLOOR = 2;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart54", "held-apart 54", 3, FLOOR);
    }
}
