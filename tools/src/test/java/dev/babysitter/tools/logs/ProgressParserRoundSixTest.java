package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The classes generalised from held-apart sets 7 and 8, each on a line of another trainer than the one it came from. */
class ProgressParserRoundSixTest {

    private final ProgressParser parser = new ProgressParser();

    private Progress line(String s) {
        return parser.parseLine(s).orElseThrow(() -> new AssertionError("no reading: " + s));
    }

    @Test
    void gradientBoostingRoundsReadTheTrainingSetAsLossAndTheHeldOutSetAsEval() {
        Progress lgb = line("[250]\ttraining's binary_logloss: 0.201\tvalid_1's binary_logloss: 0.318");
        assertThat(lgb.step()).isEqualTo(250);
        assertThat(lgb.loss()).isEqualTo(0.201);
        assertThat(lgb.evalLoss()).isEqualTo(0.318);
        Progress xgb = line("[40]\tvalidation_0-rmse:3.21\ttrain-rmse:1.07"); // held-out set printed first
        assertThat(xgb.loss()).isEqualTo(1.07);
        assertThat(xgb.evalLoss()).isEqualTo(3.21);
        Progress cat = line("999:\tlearn: 0.0421\ttotal: 1m 2s\tremaining: 0us");
        assertThat(cat.step()).isEqualTo(999);
        assertThat(cat.loss()).isEqualTo(0.0421);
        assertThat(parser.parseLine("[12]\tsomething: 3")).as("a set named neither way").isEmpty();
    }

    @Test
    void integersOpeningALineBeforeTheFirstKeyAreEpochAndBatchOrTheStep() {
        Progress two = line("12 340 loss=0.52 lr=0.001");
        assertThat(two.epoch()).isEqualTo(12);
        assertThat(two.step()).isEqualTo(340);
        assertThat(line("7 loss: 1.5").step()).isEqualTo(7);
        assertThat(line("2024 06 01 loss: 0.3").step()).as("three integers: a date, not a step").isNull();
    }

    @Test
    void anIterationBetweenALossKeyAndItsValueIsTheStep() {
        Progress p = line("train loss 120 2.4051 grad norm 1.2");
        assertThat(p.step()).isEqualTo(120);
        assertThat(p.loss()).isEqualTo(2.4051);
        Progress v = line("Validation loss 100: 3.125");
        assertThat(v.evalLoss()).isEqualTo(3.125);
        assertThat(v.step()).as("an evaluation's iteration does not move the step").isNull();
    }

    @Test
    void aPhraseHeadingAtItsOwnLevelScopesTheFewLinesUnderIt() {
        Progress p = parser.lastProgress(List.of(
                "step 300 loss 2.10",
                "Evaluating on the dev set",
                "loss = 2.65 | acc = 0.41",
                "-----",
                "step 310 loss 2.05")).orElseThrow();
        assertThat(p.evalLoss()).isEqualTo(2.65);
        assertThat(p.loss()).isEqualTo(2.05);
        Progress q = parser.lastProgress(List.of(
                "Evaluating on the dev set",
                "step 400 loss 1.9")).orElseThrow();
        assertThat(q.step()).as("training going on right after the heading").isEqualTo(400);
        assertThat(q.loss()).isEqualTo(1.9);
    }

    @Test
    void colouredLinesAreReadCleaned() {
        // ESC sequences with no other reason to clean the line (no edge blank, no rank prefix) were read raw
        Progress p = line("step: 100 \u001b[32mloss\u001b[0m: 2.3");
        assertThat(p.step()).isEqualTo(100);
        assertThat(p.loss()).isEqualTo(2.3);
    }

    @Test
    void tablesSeparatedByPipesOrTabsAndNanAsNotMeasured() {
        Progress md = parser.lastProgress(List.of("| Step | Training Loss | Validation Loss |", "|---|---|---|",
                "| 100 | 2.34 | 2.5 |", "| 200 | 2.10 | 2.4 |")).orElseThrow();
        assertThat(md.step()).isEqualTo(200);
        assertThat(md.loss()).isEqualTo(2.10);
        assertThat(md.evalLoss()).isEqualTo(2.4);
        Progress tab = parser.lastProgress(List.of("INFO model : Step\tTrain loss\tValid loss",
                "INFO model : 300\t0.91\tnan", "INFO model : 400\tnan\t0.88")).orElseThrow();
        assertThat(tab.loss()).as("nan beside a finite loss: not measured in that row").isEqualTo(0.91);
        assertThat(tab.nanInf()).isFalse();
        Progress diverged = parser.lastProgress(List.of("Step\tTraining Loss\tValidation Loss", "500\tnan\tnan"))
                .orElseThrow();
        assertThat(diverged.nanInf()).isTrue();
    }
}
