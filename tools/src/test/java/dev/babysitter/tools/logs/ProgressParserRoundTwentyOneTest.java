package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The twenty-first round's classes, seen in logs that classical learners wrote on this machine (held-apart 98), each
 * as variants no fixture holds, with guards: an optimiser's objective ({@code f}, {@code value}, {@code error}) is the
 * loss of a line that counts iterations and names no loss; Fortran's {@code D} exponents; a step counted in
 * minibatches; a total named after "of" ({@code of max_iter: 15}); trees as a forest's or a booster's counter;
 * pomegranate's {@code [n] Improvement:} report; gensim's "EPOCH n: .. took t" epoch report.
 */
class ProgressParserRoundTwentyOneTest {

    private final ProgressParser parser = new ProgressParser();

    private Progress line(String s) {
        return parser.parseLine(s).orElseThrow(() -> new AssertionError("no reading of " + s));
    }

    @Test
    void anOptimisersObjectiveIsTheLossOfALineThatCounts() {
        Progress lib = line("iter 12 act 3.1e-02 pre 3.0e-02 delta 2.5e+00 f 1.250e+03 |g| 4.0e+00 CG   5");
        assertThat(lib.step()).isEqualTo(12L);
        assertThat(lib.loss()).isEqualTo(1250.0);
        Progress r = line("iter  40 value 0.731920");
        assertThat(r.step()).isEqualTo(40L);
        assertThat(r.loss()).isEqualTo(0.73192);
        Progress tsne = line("[t-SNE] Iteration 1000: error = 1.2345678, gradient norm = 0.0001 (50 iterations in 1.2s)");
        assertThat(tsne.step()).isEqualTo(1000L);
        assertThat(tsne.loss()).isEqualTo(1.2345678);
        Progress nmf = line("Epoch 30 reached after 1.250 seconds, error: 12.500000");
        assertThat(nmf.epoch()).isEqualTo(30L);
        assertThat(nmf.loss()).isEqualTo(12.5);
    }

    @Test
    void aNamedLossWinsAndAnObjectiveAloneIsNothing() {
        Progress both = line("step 300 loss 0.42 error 0.08");
        assertThat(both.loss()).isEqualTo(0.42);
        // no counter: a TensorFlow op's protobuf, a CUDA check's error code
        assertThat(parser.parseLine("attr { key: \"extrapolation_value\" value { f: 0 } }")
                .map(Progress::loss)).isNotEqualTo(Optional.of(0.0));
        assertThat(parser.parseLine("THCudaCheck FAIL file=THCStorage.cu line=66 error=2 : out of memory")
                .map(Progress::loss)).isEmpty();
        // a record names its metrics: its "value" is the named metric's, not an objective
        Progress named = line("{\"name\": \"validation_loss\", \"data\": {\"step\": 4, \"value\": 3.1}}");
        assertThat(named.loss()).isNull();
        assertThat(named.evalLoss()).isEqualTo(3.1);
    }

    @Test
    void fortranDoublePrecisionExponentsAreNumbers() {
        Progress p = line("At iterate   25    f=  1.23456D-02    |proj g|=  4.00000D-05");
        assertThat(p.step()).isEqualTo(25L);
        assertThat(p.loss()).isEqualTo(0.0123456);
        // a D without a sign is no exponent ("3d" of an ETA)
        assertThat(Nums.number("3d 4h", 0, 5) >>> 32).isEqualTo(1L);
        assertThat(Nums.number("2.5D+03", 0, 7) >>> 32).isEqualTo(7L);
        assertThat(Nums.lastValue("2.5D+03", 0, 7)).isEqualTo(2500.0);
    }

    @Test
    void countersByOtherNames() {
        Progress mb = line("Minibatch step 120/500: mean batch inertia: 3.2, ewa inertia: 3.3");
        assertThat(mb.step()).isEqualTo(120L);
        assertThat(mb.total()).isEqualTo(500L);
        Progress lda = line("iteration: 7 of max_iter: 20, perplexity: 1500.25");
        assertThat(lda.step()).isEqualTo(7L);
        assertThat(lda.total()).isEqualTo(20L);
        Progress tree = line("building tree 13 of 100");
        assertThat(tree.step()).isEqualTo(13L);
        assertThat(tree.total()).isEqualTo(100L);
        Progress em = line("[7] Improvement: 12.5\tTime (s): 0.01");
        assertThat(em.step()).isEqualTo(7L);
        assertThat(em.loss()).isNull();
        // a bracketed rank or a bracketed number before other words is no such report
        assertThat(parser.parseLine("[7] Loading shard: 3")).isEmpty();
        // "trees" counted in a setting is no step
        assertThat(parser.parseLine("n_trees: 100, max_depth: 6")).isEmpty();
    }

    @Test
    void gensimsEpochReport() {
        Progress p = parser.lastProgress(List.of(
                "2026-12-08 02:58:00,808 : INFO : EPOCH 3: training on 145000 raw words (17297 effective words) took"
                        + " 0.1s, 718085 effective words/s",
                "2026-12-08 02:58:00,809 : INFO : EPOCH 4: training on 145000 raw words (17382 effective words) took"
                        + " 0.1s, 637761 effective words/s")).orElseThrow();
        assertThat(p.epoch()).isEqualTo(4L);
        assertThat(p.step()).isNull();
        // an epoch line that goes on after its duration is not this report
        assertThat(parser.parseLine("Epoch 4: loading took 0.1s, then 12 shards from disk"))
                .map(Progress::epoch).isEmpty();
    }
}
