package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen46-logs.jsonl: 3 healthy runs quoted in documentation (two FSDP Llama runs
 * from a troubleshooting page, on Intel XPU and on A100, whose trainer logs "][E][" memory-stat errors it trains
 * past; an XGBoost cv with early stopping), collected by a helper who did not read the rules (it found no failure
 * quoted at 10 lines or more). Measured once, with the code of 14c982d: 1/3, 2 false alarms (the logged errors),
 * 0 failures called healthy; then an error a trainer logs and trains past stopped counting as the cause
 * ({@link FailureClassifierRoundNineteenTest}).
 */
class FailureClassifierUnseen46Test {

    @Test
    void unseenSet46() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen46", 3, 3, 0, 0);
    }
}
