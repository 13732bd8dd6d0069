package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The eighteenth round's classes, each as variants no fixture holds: Stable-Baselines3's table counts its progress in
 * time/total_timesteps (six of the eight collectors who labelled one read it so; held-apart 14, 16, 18, 32, 49), and
 * spaCy's `spacy train` table (held-apart 17: "E  #  LOSS TOK2VEC  LOSS NER ..." over dash groups). With guards.
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
}
