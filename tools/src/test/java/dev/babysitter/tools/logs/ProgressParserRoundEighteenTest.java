package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The eighteenth round's classes, each as variants no fixture holds: Stable-Baselines3's table counts its progress in
 * time/total_timesteps (six of the eight collectors who labelled one read it so; held-apart 14, 16, 18, 32, 49), and
 * spaCy's `spacy train` table (held-apart 17: "E  #  LOSS TOK2VEC  LOSS NER ..." over dash groups); a step header
 * above metrics printed one per line (Coqui TTS's "--> STEP: 24/352 -- GLOBAL_STEP: 244300", held-apart 7); a table
 * whose counter column is named in the plural ("| Epochs | Train Loss |", the Hugging Face Hub's Keras model cards,
 * held-apart 88). With guards.
 */
class ProgressParserRoundEighteenTest {

    private final ProgressParser parser = new ProgressParser();

    @Test
    void anSb3TableCountsEnvironmentSteps() {
        Progress ppo = parser.lastProgress(List.of(
                "------------------------------------------",
                "| rollout/                |              |",
                "|    ep_rew_mean          | -0.105       |",
                "| time/                   |              |",
                "|    fps                  | 103          |",
                "|    iterations           | 16           |",
                "|    time_elapsed         | 22           |",
                "|    total_timesteps      | 32768        |",
                "| train/                  |              |",
                "|    loss                 | -0.00677     |",
                "|    n_updates            | 150          |",
                "------------------------------------------")).orElseThrow();
        assertThat(ppo.step()).isEqualTo(32768L);
        assertThat(ppo.loss()).isEqualTo(-0.00677);
        // a DQN table: episodes and no iterations
        Progress dqn = parser.lastProgress(List.of(
                "----------------------------------",
                "| rollout/            |          |",
                "|    exploration_rate | 0.05     |",
                "| time/               |          |",
                "|    episodes         | 400      |",
                "|    fps              | 212      |",
                "|    total_timesteps  | 81234    |",
                "| train/              |          |",
                "|    loss             | 0.0131   |",
                "|    n_updates        | 20308    |",
                "----------------------------------")).orElseThrow();
        assertThat(dqn.step()).isEqualTo(81234L);
        assertThat(dqn.loss()).isEqualTo(0.0131);
    }

    @Test
    void totalTimestepsOutsideSb3sTimeSectionIsNotTheStep() {
        // a setting, not progress: "total_timesteps" without SB3's time/ section (a config dump)
        assertThat(parser.parseLine("total_timesteps: 1000000").flatMap(p -> java.util.Optional.ofNullable(p.step())))
                .isEmpty();
        // nor another section's ratio
        Progress p = parser.parseLine("step 40 loss 1.5 rollout/total_timesteps 9000").orElseThrow();
        assertThat(p.step()).isEqualTo(40L);
    }

    @Test
    void spacysTrainTableReadsEpochStepAndTheFirstComponentsLoss() {
        Progress ner = parser.lastProgress(List.of(
                "=========================== Training pipeline ===========================",
                "E    #       LOSS TOK2VEC  LOSS NER  ENTS_F  ENTS_P  ENTS_R  SCORE ",
                "---  ------  ------------  --------  ------  ------  ------  ------",
                "  0       0          0.00     40.00    9.57    6.09   22.33    0.10",
                "  2     600         13.27   1150.09   89.98   90.20   89.77    0.90")).orElseThrow();
        assertThat(ner.epoch()).isEqualTo(2L);
        assertThat(ner.step()).isEqualTo(600L);
        assertThat(ner.loss()).isEqualTo(1150.09);
        // a transformer pipeline with a tagger and a parser: the transformer's loss feeds them, the tagger's is first
        Progress trf = parser.lastProgress(List.of(
                "E    #       LOSS TRANS...  LOSS TAGGER  LOSS PARSER  TAG_ACC  DEP_UAS  SCORE ",
                "---  ------  -------------  -----------  -----------  -------  -------  ------",
                "  1    1200         310.52       512.44       890.10    95.12    88.40    0.91")).orElseThrow();
        assertThat(trf.step()).isEqualTo(1200L);
        assertThat(trf.epoch()).isEqualTo(1L);
        assertThat(trf.loss()).isEqualTo(512.44);
    }

    @Test
    void aHashColumnIsAStepOnlyInSpacysLayout() {
        // "#" as a column elsewhere (a row number) does not make a table
        assertThat(parser.lastProgress(List.of(
                "name  #     value",
                "----  ----  -----",
                "a     3     0.5"))).isEmpty();
    }

    @Test
    void aStepHeaderAboveOneMetricPerLineIsTheRecordsStep() {
        Progress p = parser.lastProgress(List.of(
                " > TRAINING (2021-11-29 10:06:07) ",
                "   --> STEP: 23/352 -- GLOBAL_STEP: 244299",
                "     | > G_l1_spec_loss: 0.36212  (0.35470)",
                "     | > loss_0: 16.01122  (15.96170)",
                "     | > step_time: 0.29070  (0.29190)",
                "   --> STEP: 24/352 -- GLOBAL_STEP: 244300",
                "     | > G_l1_spec_loss: 0.36788  (0.35471)",
                "     | > loss_0: 16.55468  (15.96176)",
                "     | > grad_norm_0: 22.85464  (28.87626)")).orElseThrow();
        assertThat(p.step()).isEqualTo(244300L);
        assertThat(p.loss()).isEqualTo(16.55468);
        // a header no loss-only line follows stays no reading
        assertThat(parser.lastProgress(List.of("Iteration: 3", "Saving checkpoint to ckpt/3", "done"))).isEmpty();
    }

    @Test
    void aLoneCounterIsNotTheStepOfALogWhoseReadingsCountTheirOwn() {
        // AlphaZero's outer "Iteration [1500]" under updates that carry their global_step
        Progress p = parser.lastProgress(List.of(
                "2026-04-08 18:17:20 | INFO | [Train] update | loss=2.2553 | entropy=1.4992 | global_step=7499",
                "2026-04-08 18:24:42 | INFO | Iteration [1500]",
                "2026-04-08 18:24:42 | INFO | [Stats]   Avg Game Length: 20.9 steps | Loss: 2.2553")).orElseThrow();
        assertThat(p.step()).isEqualTo(7499L);
    }

    @Test
    void aCounterColumnNamedInThePluralHoldsTheCounter() {
        Progress card = parser.lastProgress(List.of(
                "| Epochs | Train Loss | Train Accuracy | Validation Loss | Validation Accuracy |",
                " |--- |--- |--- |--- |--- |",
                "| 1| 1.206|  0.636|  2.55|  0.555| ",
                "| 2| 0.957|  0.696|  2.671|  0.598| ")).orElseThrow();
        assertThat(card.epoch()).isEqualTo(2L);
        assertThat(card.loss()).isEqualTo(0.957);
        assertThat(card.evalLoss()).isEqualTo(2.671);
        Progress steps = parser.lastProgress(List.of(
                "Steps\tTraining Loss\tValidation Loss",
                "500\t2.113\t2.050",
                "1000\t1.874\t1.901")).orElseThrow();
        assertThat(steps.step()).isEqualTo(1000L);
        assertThat(steps.loss()).isEqualTo(1.874);
        // a table without a loss column is still no reading
        assertThat(parser.lastProgress(List.of("| Epochs | Accuracy |", "|---|---|", "| 3 | 0.91 |"))).isEmpty();
    }
}
