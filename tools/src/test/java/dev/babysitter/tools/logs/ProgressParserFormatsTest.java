package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Per-format checks over real excerpts kept in src/test/resources/logs/progress (source in each header). */
class ProgressParserFormatsTest {

    static List<String> excerpt(String name) throws IOException {
        try (InputStream in = ProgressParserFormatsTest.class.getResourceAsStream("/logs/progress/" + name + ".txt")) {
            assertThat(in).as("resource " + name).isNotNull();
            List<String> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.startsWith("#")) {
                    out.add(l);
                }
            }
            return out;
        }
    }

    // file, format, step, stepKind, epoch, total, loss, rate value, rate unit, evalLoss, nanInf
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("hf_dict", "hf_dict", null, null, 1L, null, 1.2141, null, null, null, false),
                Arguments.of("tqdm", "tqdm", 3000001L, "global", null, 3000001L, null, 14061.26, "it/s", null, false),
                Arguments.of("lightning", "lightning", 940L, "epoch_batch", 0L, 1016L, 0.223, 27.78, "it/s", null, false),
                Arguments.of("levanter", "levanter", 11L, "global", null, 18L, 15.5, 34.5, "s/it", null, false),
                Arguments.of("nanogpt", "nanogpt", 250L, "iteration", null, null, 1.5440, 895.31, "ms/iter", 1.7220, false),
                Arguments.of("nanogpt_nan", "nanogpt", 3020L, "iteration", null, null, Double.NaN, 1015.95, "ms/iter",
                        4.0427, true),
                Arguments.of("llama2c", "llama2c", 120L, "iteration", null, null, 2.4051, 154.32, "ms/iter", null, false),
                Arguments.of("torchtitan", "torchtitan", 250L, "global", null, null, 5.8101, 5870.0, "tokens/s", null, false),
                Arguments.of("megatron", "megatron", 123L, "global", null, 250000L, 2.493043, 87871.6, "ms/iter", null, false),
                Arguments.of("deepspeed", "deepspeed", 1249L, "global", null, null, null, 14.454011142357578, "samples/s",
                        null, false),
                Arguments.of("mmengine", "mmengine", 220L, "epoch_batch", 1L, 735L, 2.6687, 2.8826, "s/it", null, false),
                Arguments.of("mmcv", "mmengine", 1250L, "epoch_batch", 1L, 7517L, 0.5449, 0.594, "s/it", null, false),
                Arguments.of("detectron2", "detectron2", 1279L, "global", null, null, 0.971, 0.3323, "s/it", null, false),
                Arguments.of("metric_logger", "metric_logger", 87940L, "global", null, null, 0.6097, 0.5063, "s/it", null,
                        false),
                Arguments.of("keras", "keras", 423L, "epoch_batch", 2L, 423L, 1.8087, 439.0, "ms/iter", 0.0759, false),
                Arguments.of("fairseq", "fairseq", 31L, "global", 1L, null, 10.642, 2.8, "it/s", null, false),
                Arguments.of("litgpt", "litgpt", 965L, "global", 5L, null, 1.182, 743.31, "ms/iter", 1.057, false),
                Arguments.of("maxtext", "maxtext", 3L, "global", null, null, 12.979, 10.344, "s/it", null, false),
                Arguments.of("ultralytics", "ultralytics", 99L, "epoch_batch", 152L, 99L, null, 1.16, "s/it", null, false),
                Arguments.of("nemo", "nemo", 794L, "global", 0L, null, 3.090, 41.36, "s/it", null, false),
                Arguments.of("torchtune", "torchtune", 27L, "global", 1L, null, 1.1958776712417603, 15.84, "s/it", null,
                        false),
                Arguments.of("composer", "composer", 1L, "global", null, 3L, 12.0570, 0.0503, "it/s", null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void lastProgressOfExcerpt(String file, String format, Long step, String kind, Long epoch, Long total, Double loss,
                               Double rate, String unit, Double evalLoss, boolean nanInf) throws IOException {
        Progress p = new ProgressParser().lastProgress(excerpt(file)).orElseThrow();
        assertThat(p.format()).isEqualTo(format);
        assertThat(p.step()).isEqualTo(step);
        assertThat(p.stepKind()).isEqualTo(kind);
        assertThat(p.epoch()).isEqualTo(epoch);
        assertThat(p.total()).isEqualTo(total);
        if (loss == null) {
            assertThat(p.loss()).isNull();
        } else if (loss.isNaN()) {
            assertThat(p.loss()).isNaN();
        } else {
            assertThat(p.loss()).isCloseTo(loss, within(1e-9));
        }
        if (rate == null) {
            assertThat(p.rate()).isNull();
        } else {
            assertThat(p.rate().value()).isCloseTo(rate, within(1e-9));
            assertThat(p.rate().unit()).isEqualTo(unit);
        }
        if (evalLoss == null) {
            assertThat(p.evalLoss()).isNull();
        } else {
            assertThat(p.evalLoss()).isCloseTo(evalLoss, within(1e-9));
        }
        assertThat(p.nanInf()).isEqualTo(nanInf);
    }

    @org.junit.jupiter.api.Test
    void globalStepIsDerivedForEpochRelativeFormatsOnly() throws IOException {
        // ultralytics: epochs from 1, 99 batches per epoch: (152 - 1) * 99 + 99
        assertThat(new ProgressParser().lastProgress(excerpt("ultralytics")).orElseThrow().globalStep()).isEqualTo(15048L);
        // Lightning: epochs from 0: 0 * 1016 + 940
        Progress l = new ProgressParser().lastProgress(excerpt("lightning")).orElseThrow();
        assertThat(l.stepKind()).isEqualTo("epoch_batch");
        assertThat(l.globalStep()).isEqualTo(940L);
        Progress lp = new ProgressParser().parseLine("Epoch 3:  45%|████▌     | 450/1000 [01:00<01:13,  7.50it/s, loss=1.23]")
                .orElseThrow();
        assertThat(lp.step()).isEqualTo(450L);
        assertThat(lp.epoch()).isEqualTo(3L);
        assertThat(lp.stepKind()).isEqualTo("epoch_batch");
        assertThat(lp.globalStep()).isEqualTo(3450L);
        // mmengine: epochs from 1: (1 - 1) * 735 + 220
        assertThat(new ProgressParser().lastProgress(excerpt("mmengine")).orElseThrow().globalStep()).isEqualTo(220L);
        // Keras: epoch from the "Epoch 2/100" line above the bar: (2 - 1) * 423 + 423
        assertThat(new ProgressParser().lastProgress(excerpt("keras")).orElseThrow().globalStep()).isEqualTo(846L);
        // a global step is its own global step; no epoch, no derivation
        assertThat(new ProgressParser().lastProgress(excerpt("megatron")).orElseThrow().globalStep()).isEqualTo(123L);
        assertThat(new ProgressParser().parseLine("Epoch 3:  45%|████▌     | 450/? [01:00<?,  7.50it/s]").orElseThrow()
                .globalStep()).isNull();
    }

    @ParameterizedTest(name = "forced {0}")
    @MethodSource("cases")
    void forcedFormatAgreesWithAutoDetection(String file, String format) throws IOException {
        Progress auto = new ProgressParser().lastProgress(excerpt(file)).orElseThrow();
        Progress forced = new ProgressParser(format).lastProgress(excerpt(file)).orElseThrow();
        assertThat(forced).isEqualTo(auto);
    }
}
