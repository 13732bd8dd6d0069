package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

class ProgressParserHeldApart21Test {

    static final int FLOOR = 0;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart21", "held-apart 21", 24, FLOOR);
    }
}
