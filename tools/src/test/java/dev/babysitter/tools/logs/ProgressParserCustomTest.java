package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Custom regex formats, --explain, and robustness of the parser against hostile input. */
class ProgressParserCustomTest {

    @Test
    void customRegexTakesPrecedenceAndBuiltInsStillReadOtherLines() {
        ProgressParser p = ProgressParser.withRegex(
                "ep=(?<epoch>\\d+) it=(?<step>\\d+)/(?<total>\\d+) L=(?<loss>\\S+) vL=(?<eval_loss>\\S+) (?<rate>[\\d.]+)(?<rate_unit>ms)");
        Progress c = p.parseLine("[12:00:01] ep=2 it=340/1000 L=1.25 vL=1.40 212.5ms").orElseThrow();
        assertThat(c.format()).isEqualTo("custom");
        assertThat(c.step()).isEqualTo(340L);
        assertThat(c.stepKind()).isEqualTo("global");
        assertThat(c.epoch()).isEqualTo(2L);
        assertThat(c.total()).isEqualTo(1000L);
        assertThat(c.loss()).isEqualTo(1.25);
        assertThat(c.evalLoss()).isEqualTo(1.40);
        assertThat(c.rate()).isEqualTo(new Rate(212.5, "ms/iter"));
        // a line the custom regex does not match still goes to the built-in rules
        assertThat(p.parseLine("iter 5: loss 3.2100, time 12.00ms, mfu 1.00%").orElseThrow().format()).isEqualTo("nanogpt");
        // precedence: a line both could read is the custom rule's
        ProgressParser q = ProgressParser.withRegex("iter (?<step>\\d+): loss (?<loss>[\\d.]+)");
        assertThat(q.parseLine("iter 5: loss 3.2100, time 12.00ms, mfu 1.00%").orElseThrow().format()).isEqualTo("custom");
    }

    @Test
    void customBatchGroupIsEpochRelativeAndNanIsFlagged() {
        ProgressParser p = ProgressParser.withRegex("E(?<epoch>\\d+) B(?<batch>\\d+)/(?<total>\\d+) loss (?<loss>\\S+)");
        Progress r = p.lastProgress(List.of("E3 B45/100 loss nan")).orElseThrow();
        assertThat(r.stepKind()).isEqualTo("epoch_batch");
        assertThat(r.globalStep()).isEqualTo(345L);
        assertThat(r.nanInf()).isTrue();
    }

    @Test
    void badRegexesAreIllegalArgumentsWithClearMessages() {
        assertThatThrownBy(() -> ProgressParser.withRegex("step (?<step>\\d+")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid progress regex");
        assertThatThrownBy(() -> ProgressParser.withRegex("step (\\d+)")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one named group");
        assertThatThrownBy(() -> ProgressParser.withRegex("step (?<stpe>\\d+)")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown named group 'stpe'");
        assertThatThrownBy(() -> ProgressParser.withRegex(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProgressParser("custom", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void catastrophicUserRegexGivesUpInsteadOfHanging() {
        ProgressParser p = ProgressParser.withRegex("^(?<loss>(a+)+)b");
        long t0 = System.nanoTime();
        assertThat(p.parseLine("a".repeat(4000) + "c")).isEmpty();
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2.0);
    }

    @Test
    void explainSaysWhichRuleReadWhichLine() {
        List<ProgressParser.Explanation> ex = new ProgressParser().explain(List.of(
                "warming up",
                " iteration      123/  250000 | elapsed time per iteration (ms): 87871.6 | lm loss: 2.493043E+00 |",
                "{'eval_loss': 1.8734, 'epoch': 1.0}",
                "Epoch 0:  40%|████      | 40/100 [00:10<00:15, 4.00it/s, loss=0.8]"));
        assertThat(ex).extracting(ProgressParser.Explanation::lineNumber).containsExactly(2, 3, 4);
        assertThat(ex).extracting(ProgressParser.Explanation::rule)
                .containsExactly("MegatronRule", "HfDictRule", "TqdmBarRule");
        assertThat(ex).extracting(ProgressParser.Explanation::format).containsExactly("megatron", "hf_dict", "lightning");
        assertThat(ex.get(0).progress().step()).isEqualTo(123L);
        assertThat(ex.get(1).progress().evalLoss()).isEqualTo(1.8734);
        ProgressParser.Explanation c = ProgressParser.withRegex("step=(?<step>\\d+)").explain(List.of("step=7")).get(0);
        assertThat(c.rule()).isEqualTo("CustomRegexRule");
        assertThat(c.format()).isEqualTo("custom");
    }

    @Test
    void robustAgainstInterleavedRanksAnsiCarriageReturnsEvalAndWarnings() {
        ProgressParser p = new ProgressParser();
        List<String> lines = List.of(
                "[rank1]:[titan] 2025-06-16 22:30:50,322 - root - INFO - step: 199  loss:  6.2000  memory: 49.66GiB(52.28%)  tps: 5,800",
                "[rank0]:[titan] 2025-06-16 22:30:50,322 - root - INFO - \u001B[31mstep: 200  \u001B[32mloss:  6.1384\u001B[0m  tps: 5,856",
                "/usr/lib/python3/dist-packages/torch/utils/checkpoint.py:31: UserWarning: None of the inputs have requires_grad=True",
                "[rank1]:[titan] 2025-06-16 22:30:50,330 - root - INFO - validate step: 200  loss:  6.5000",
                " samples/sec: 7.799 | iteration       34/   10000 | elapsed time per iteration (ms): 4103.1 | lm_loss: 1.118665E+01"
                        + " | number of skipped iterations:   0 | number of nan iterations:   0 |");
        Progress r = p.lastProgress(lines).orElseThrow();
        assertThat(r.step()).isEqualTo(34L);
        assertThat(r.loss()).isEqualTo(11.18665);
        assertThat(r.nanInf()).isFalse();
        assertThat(r.evalLoss()).isEqualTo(6.5);
        Progress cr = p.parseLine(" 10%|█ | 100/1000 [00:10<01:30,  9.90it/s]\r 11%|█ | 110/1000 [00:11<01:29,  9.91it/s]\r"
                + "Validation DataLoader 0:  46%|████ | 73/157 [00:02<00:02, 37.48it/s]").orElse(null);
        assertThat(cr).as("an eval bar as the last \\r update is not training progress").isNull();
    }

    @Test
    void neverThrowsOnRandomBinaryOrPathologicalLines() {
        java.util.Random rnd = new java.util.Random(7);
        ProgressParser p = new ProgressParser();
        ProgressParser c = ProgressParser.withRegex("(?<step>\\d+)(?<loss>.*)*x");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.setLength(0);
            int n = rnd.nextInt(300);
            for (int j = 0; j < n; j++) {
                sb.append((char) rnd.nextInt(i % 2 == 0 ? 128 : 0x2600));
            }
            String line = sb.toString();
            p.parseLine(line);
            c.parseLine(line);
        }
        String nasty = "loss: " + "9".repeat(100_000) + " step: " + "1".repeat(5000) + " iteration " + "| ".repeat(20_000);
        assertThat(p.parseLine(nasty)).isNotNull();
        assertThat(p.lastProgress(java.util.Arrays.asList(null, "", "\u0000\u0000", nasty))).isNotNull();
        assertThat(p.explain(java.util.Arrays.asList(null, nasty))).isNotNull();
    }
}
