package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The twelfth round's miss classes (held-apart 35 and 36), each as variants no fixture holds: a phase word after a
 * comma scoping the losses after it, an epoch's bar ("500/500") and the next epoch's batch counter of the same total,
 * "key is value" sentences with hyphenated keys, and tabulate's "simple" table whose dash rule cuts names that hold
 * a blank; and held-apart 37's JSON document cut off before it closes (trainer_state.json pasted up to its last
 * log_history record); and held-apart 38's key padded to a column far from its value, and "lossvalue". With guards.
 */
class ProgressParserRoundTwelveTest {

    private final ProgressParser parser = new ProgressParser();

    @Test
    void aPhaseWordAfterACommaScopesTheLossesAfterIt() {
        Progress p = parser.parseLine("Epoch: [13/30], test accuracy: 0.6726, loss: 0.4980").orElseThrow();
        assertThat(p.evalLoss()).isEqualTo(0.498);
        assertThat(p.loss()).isNull();
        // a loss before it stays training's
        Progress train = parser.parseLine("Epoch 3, loss: 0.5, valid acc: 0.6").orElseThrow();
        assertThat(train.loss()).isEqualTo(0.5);
        assertThat(train.evalLoss()).isNull();
    }

    @Test
    void anEpochsFinishedBarGivesWayToTheNextEpochsBatchesOfTheSameTotal() {
        Progress p = parser.lastProgress(List.of(
                "100% 500/500 [02:44<00:00,  3.06it/s]",
                "Epoch: [13/30], train loss: 0.004673",
                "Epoch: [14/30], Batch: [1/500], train accuracy: 0.70, loss: 0.004716",
                "Epoch: [14/30], Batch: [101/500], train accuracy: 0.72, loss: 0.003978")).orElseThrow();
        assertThat(p.step()).isEqualTo(101L);
        assertThat(p.epoch()).isEqualTo(14L);
        assertThat(p.loss()).isEqualTo(0.003978);
    }

    @Test
    void keyIsValueSentencesReadAsKeysAndValues() {
        Progress p = parser.parseLine("2020-08-25 10:05:57,609 [INFO ]  Epoch is [2/600], mini-batch is [12/1083], "
                + "time consumption is 0.56, batch_loss is 0.9177").orElseThrow();
        assertThat(p.epoch()).isEqualTo(2L);
        assertThat(p.step()).isEqualTo(12L);
        assertThat(p.total()).isEqualTo(1083L);
        assertThat(p.loss()).isEqualTo(0.9177);
    }

    @Test
    void aDashRuleCutsAHeaderWhoseNamesHoldBlanks() {
        Progress p = parser.lastProgress(List.of(
                "  epoch    train loss    valid loss    train/val    valid acc  dur",
                "-------  ------------  ------------  -----------  -----------  -----",
                "      1       0.91010       0.80224      1.13444      0.61000  0.05s",
                "      2       0.70315       0.75118      0.93607      0.66000  0.04s")).orElseThrow();
        assertThat(p.epoch()).isEqualTo(2L);
        assertThat(p.loss()).isEqualTo(0.70315);
        assertThat(p.evalLoss()).isEqualTo(0.75118);
        // a rule under a line that names no loss is no header
        assertThat(parser.lastProgress(List.of("  name    size    kind", "------  ------  ------",
                "     1      20      3")).flatMap(x -> java.util.Optional.ofNullable(x.loss()))).isEmpty();
    }

    @Test
    void aJsonDocumentThatNeverClosesIsReadRecordByRecord() {
        Progress p = parser.lastProgress(List.of("{", "  \"global_step\": 3000,", "  \"log_history\": [",
                "    {", "      \"epoch\": 0.41,", "      \"loss\": 3.2439,", "      \"step\": 2990", "    },",
                "    {", "      \"epoch\": 0.42,", "      \"loss\": 3.2533,", "      \"step\": 3000", "    },"))
                .orElseThrow();
        assertThat(p.step()).isEqualTo(3000L);
        assertThat(p.loss()).isEqualTo(3.2533);
    }

    @Test
    void aValuePaddedToAColumnFarFromItsKeysSeparatorIsItsValue() {
        Progress p = parser.lastProgress(List.of(
                "+----------------------------------------+",
                "| epoch:                              65 |",
                "| test loss:                  0.91016411 |",
                "| train loss:                 0.13706483 |",
                "+----------------------------------------+")).orElseThrow();
        assertThat(p.loss()).isEqualTo(0.13706483);
        assertThat(p.evalLoss()).isEqualTo(0.91016411);
        assertThat(parser.parseLine("Batch [32540-32560]\tSpeed: 229.50 samples/sec\tacc=0.47\tlossvalue=11.126791")
                .orElseThrow().loss()).isEqualTo(11.126791);
        // far from anything but a separator, a number has no key
        assertThat(parser.parseLine("loss                      0.5").flatMap(x -> java.util.Optional.ofNullable(
                x.loss()))).isEmpty();
    }
}
