package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The classifier's shortcuts around its costliest regexes start a search where a match can start instead of at
 * every position; each must find exactly what the plain {@code find()} over the whole line finds. Checked on the
 * lines that motivated them and on random lines built from the words the regexes read.
 */
class FailureScanShortcutsTest {

    private static final Pattern SCALE = FailureSignals.RULES.stream()
            .filter(r -> r.kind() == FailureRule.Kind.LOSS_SCALE).findFirst().orElseThrow().confirm();

    private static final String[] PIECES = {"reducing", "Reducing", "REDUCING", "setting", "Setting", " loss scale ",
        "loss", "Loss", "LOSS", "grad_norm", "gnorm", "norm", "ppl", "perplexity", "reward", "elbo", "objective",
        "best_", "min_", "lowest", "skip", "Skipping", "skipped", "SKIPS", "batch", "sample", "the ", "this ",
        "current ", "to", "to:", ":", "=", " ", "  ", "\t", "'", "\"", "nan", "NaN", "inf", "-inf", "Inf", "0.5",
        "1", "65536", "e-3", "x", "_", "/", ".", "[", "]", "(", ")", "tensor(", "is", "-->", "é", "K"};

    @Test
    void scaleNoticeFindsWhatFindFinds() {
        for (String line : new String[] {
            "Gradient overflow.  Skipping step, loss scaler 0 reducing loss scale to 0.5",
            "[deepspeed] OVERFLOW! Rank 0 Skipping step. Attempted loss scale: 1, reducing to 1",
            "fairseq | WARNING | setting loss scale to: 0.0625",
            "reducing the learning rate to 1e-4, setting to 3",
            "Reducing loss scale to 2048.0",
            "no scaler here",
            "reducingreducing to x reducing to 7",
            "r educing to 1 Reducing to 2"}) {
            assertSame(line);
        }
        Random random = new Random(7);
        for (int k = 0; k < 20_000; k++) {
            assertSame(randomLine(random));
        }
    }

    @Test
    void nanKeySearchStartsNoLaterThanTheFirstMatch() {
        String[] lines = {
            "step 100 | loss: nan | lr 1e-4",
            "{'loss': nan, 'grad_norm': inf, 'learning_rate': 1e-05}",
            "Epoch 3 best_loss: inf then train/loss=NaN",
            "Loss is tensor(nan, device='cuda:0')",
            "perplexity = inf",
            "nothing to see"};
        for (String line : lines) {
            assertKeyStart(line);
        }
        Random random = new Random(11);
        for (int k = 0; k < 20_000; k++) {
            assertKeyStart(randomLine(random));
        }
    }

    @Test
    void batchSkippedAgreesWithTheWholeLineSearch() {
        Pattern p = FailureSignals.NAN_BATCH_SKIPPED;
        assertThat(FailureScan.batchSkipped("NaN loss detected! Skipping batch.")).isTrue();
        assertThat(FailureScan.batchSkipped("loss is nan, skipped this sample")).isTrue();
        assertThat(FailureScan.batchSkipped("loss is nan")).isFalse();
        assertThat(FailureScan.batchSkipped("noskip batch nan")).isFalse(); // \b before "skip"
        Random random = new Random(13);
        for (int k = 0; k < 20_000; k++) {
            String line = randomLine(random);
            assertThat(FailureScan.batchSkipped(line)).as(line).isEqualTo(p.matcher(line).find());
        }
    }

    private static void assertSame(String line) {
        Matcher whole = SCALE.matcher(line);
        Matcher fast = FailureScan.scaleNotice(SCALE, line);
        boolean found = whole.find();
        assertThat(fast != null).as(line).isEqualTo(found);
        if (found) {
            assertThat(fast.start()).as(line).isEqualTo(whole.start());
            assertThat(fast.group(1)).as(line).isEqualTo(whole.group(1));
        }
    }

    /** The region search yields the same first match as the whole-line search, and none where it has none. */
    private static void assertKeyStart(String line) {
        Matcher whole = FailureScan.KEY_NAN.matcher(line);
        boolean found = whole.find();
        int key = FailureScan.firstNanKey(line);
        if (!found) {
            if (key >= 0) {
                Matcher region = FailureScan.KEY_NAN.matcher(line).region(Math.max(0, key - 40), line.length())
                        .useTransparentBounds(true).useAnchoringBounds(false);
                assertThat(region.find()).as(line).isFalse();
            }
            return;
        }
        assertThat(key).as(line).isGreaterThanOrEqualTo(0);
        Matcher region = FailureScan.KEY_NAN.matcher(line).region(Math.max(0, key - 40), line.length())
                .useTransparentBounds(true).useAnchoringBounds(false);
        assertThat(region.find()).as(line).isTrue();
        assertThat(region.start()).as(line).isEqualTo(whole.start());
        assertThat(region.group(1)).as(line).isEqualTo(whole.group(1));
    }

    private static String randomLine(Random random) {
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(14);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(5) == 0) {
                for (int j = random.nextInt(50); j > 0; j--) {
                    b.append(random.nextBoolean() ? 'a' : ' ');
                }
            }
            b.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return b.toString();
    }
}
