package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tenth round's miss classes (held-apart 32), each as variants no fixture holds: a counter named by an index
 * word after it ("batch i", "batch_idx", "epoch index"), a batch counter that keeps counting past a global step no
 * line repeats, and a pipe-separated table whose rows carry percentages and a note after the last column. With
 * guards: a global step that keeps being printed still wins, and a bar is still no table row.
 */
class ProgressParserRoundTenTest {

    private final ProgressParser parser = new ProgressParser();

    @Test
    void aCounterNamedByAnIndexWordAfterItIsThatCounter() {
        assertThat(parser.parseLine("2025-06-05 08:48:19, batch i:2589, episode_len:9").orElseThrow().step())
                .isEqualTo(2589L);
        Progress idx = parser.parseLine("batch_idx: 30 | loss: 0.5").orElseThrow();
        assertThat(idx.step()).isEqualTo(30L);
        assertThat(idx.loss()).isEqualTo(0.5);
        assertThat(parser.parseLine("epoch index 7, loss 1.25").orElseThrow().epoch()).isEqualTo(7L);
        // an index word alone names nothing
        assertThat(parser.parseLine("i: 12").flatMap(p -> java.util.Optional.ofNullable(p.step()))).isEmpty();
    }

    @Test
    void aBatchCounterThatKeepsCountingPastAStaleGlobalStepIsTheProgress() {
        List<String> log = new ArrayList<>(List.of("current self-play batch: 50", "num_playouts:1000, win: 7"));
        for (int i = 51; i <= 60; i++) { // two-line records: the counter, then the metrics
            log.add("2025-06-05 08:46:08, batch i:" + i + ", episode_len:18");
            log.add("kl:0.02519,lr_multiplier:0.444,loss:" + (2 + i / 100.0) + ",entropy:1.878");
        }
        Progress p = parser.lastProgress(log).orElseThrow();
        assertThat(p.step()).isEqualTo(60L);
        assertThat(p.loss()).isEqualTo(2.6);
    }

    @Test
    void aGlobalStepStillPrintedBesideABatchCounterAheadOfItStaysTheStep() {
        List<String> log = new ArrayList<>();
        for (int b = 8; b <= 80; b += 8) { // gradient accumulation: 8 micro-batches to an optimizer step
            log.add("global_step: " + b / 8 + ", loss: 1.5");
            log.add("batch: " + b + ", loss: 1.4");
        }
        assertThat(parser.lastProgress(log).orElseThrow().step()).isEqualTo(10L);
    }

    @Test
    void aPipeTableRowWithPercentagesAndANoteAfterItsLastColumnIsARow() {
        Progress p = parser.lastProgress(List.of(
                " Epoch | TrainLoss | TrainAcc |  ValLoss |  ValAcc |       LR |   Time",
                "----------------------------------------------------------------------",
                "     1 |    0.6617 |   71.85% |   1.0480 |  50.38% | 0.001000 |  42.1s",
                "     2 |    0.4059 |   83.39% |   0.6652 |  77.20% | 0.000500 |  42.5s  \u2190 best"))
                .orElseThrow();
        assertThat(p.epoch()).isEqualTo(2L);
        assertThat(p.loss()).isEqualTo(0.4059);
        assertThat(p.evalLoss()).isEqualTo(0.6652);
    }

    @Test
    void aBarUnderATableHeaderIsStillNoRow() {
        Progress p = parser.lastProgress(List.of(
                " Epoch | TrainLoss | ValLoss",
                "     1 |    0.6617 |   1.0480",
                " 45%|\u2588\u2588\u2588\u2588\u258c     | 450/1000 [00:01<00:02, 3.1it/s]")).orElseThrow();
        assertThat(p.loss()).isEqualTo(0.6617);
        assertThat(p.epoch()).isEqualTo(1L);
    }
}
