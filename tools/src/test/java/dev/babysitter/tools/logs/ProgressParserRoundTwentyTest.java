package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The twentieth round's classes, seen in logs that real frameworks wrote on this machine (held-apart 97), each as
 * variants no fixture holds: a table row's values in ANSI colours (skorch colours every value that improved, even
 * in a file); a header or row printed after an erased progress bar on the same line; a row with a blank cell or a
 * one-char mark ("+" under skorch's "cp"), read by where its cells stand under the names; a metric printed as mean
 * and spread ({@code xgboost.cv}). With guards.
 */
class ProgressParserRoundTwentyTest {

    private final ProgressParser parser = new ProgressParser();

    @Test
    void colouredValuesInATableRowAreRead() {
        Progress p = parser.lastProgress(List.of(
                "  epoch    train_loss    valid_loss     dur",
                "-------  ------------  ------------  ------",
                "      1        \u001B[36m0.6157\u001B[0m        \u001B[35m0.5601\u001B[0m  0.0175",
                "      2        \u001B[36m0.5520\u001B[0m        0.5703  0.0117")).orElseThrow();
        assertThat(p.epoch()).isEqualTo(2L);
        assertThat(p.loss()).isEqualTo(0.5520);
        assertThat(p.evalLoss()).isEqualTo(0.5703);
    }

    @Test
    void aHeaderAndRowsAfterAnErasedBarAreWhatTheTerminalShows() {
        String erase = "\r" + " ".repeat(40) + "\r";
        Progress p = parser.lastProgress(List.of(
                "\r  0%|          | 0/48 [00:00<?, ?it/s]" + erase + "  epoch    train_loss     dur",
                "-------  ------------  ------",
                "\r 50%|#####     | 24/48 [00:01<00:01, 20.1it/s]" + erase + "      1        0.3628  0.0970",
                "\r 50%|#####     | 24/48 [00:01<00:01, 20.1it/s]" + erase + "      2        0.2376  0.0195"))
                .orElseThrow();
        assertThat(p.epoch()).isEqualTo(2L);
        assertThat(p.loss()).isEqualTo(0.2376);
        assertThat(p.step()).as("the erased bar's batch count is not the run's step").isNull();
    }

    @Test
    void aRowWithABlankCellOrAMarkIsReadByWhereItsCellsStand() {
        List<String> log = List.of(
                "  epoch    train_loss    valid_acc    valid_loss    cp     dur",
                "-------  ------------  -----------  ------------  ----  ------",
                "     18        0.1280       0.9075        0.2174     +  0.0093",
                "     19        0.1238       0.9050        0.2246        0.0094");
        Progress p = parser.lastProgress(log).orElseThrow();
        assertThat(p.epoch()).isEqualTo(19L);
        assertThat(p.loss()).isEqualTo(0.1238);
        assertThat(p.evalLoss()).isEqualTo(0.2246);
        Progress marked = parser.lastProgress(log.subList(0, 3)).orElseThrow();
        assertThat(marked.epoch()).isEqualTo(18L);
        assertThat(marked.loss()).isEqualTo(0.1280);
        // a blank in another column: the cells still stand under their own names
        Progress lrBlank = parser.lastProgress(List.of(
                "    Epoch    Iteration    TrainingLoss    LearnRate",
                "      3         300        2.5170")).orElseThrow();
        assertThat(lrBlank.loss()).isEqualTo(2.5170);
    }

    @Test
    void cellsStandingUnderNoNameOrTwoUnderOneAreNoRow() {
        String header = "  epoch    train_loss    valid_loss     dur";
        // cells between the names: which is blank cannot be told
        assertThat(parser.lastProgress(List.of(header, "  3   0.41   0.0100")).map(Progress::loss).orElse(null))
                .isNull();
        // a mark where numbers are expected and a word in a cell: no row
        assertThat(parser.lastProgress(List.of(header, "      4        0.4011    n/a  0.0098"))
                .map(Progress::loss).orElse(null)).isNull();
    }

    @Test
    void aMetricPrintedAsMeanAndSpreadIsItsMean() {
        Progress p = parser.parseLine("[49]\ttrain-logloss:0.00627+0.00086\ttest-logloss:0.08164+0.03750")
                .orElseThrow();
        assertThat(p.step()).isEqualTo(49L);
        assertThat(p.loss()).isEqualTo(0.00627);
        assertThat(p.evalLoss()).isEqualTo(0.08164);
        // an exponent's sign is part of the number
        assertThat(parser.parseLine("[3]\ttrain-rmse:1.5e+02\teval-rmse:1.7e+02").orElseThrow().loss())
                .isEqualTo(150.0);
    }
}
