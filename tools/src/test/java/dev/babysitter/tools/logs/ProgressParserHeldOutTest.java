package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Measures the parser on real excerpts kept apart from the per-format tests (src/test/resources/logs/heldout).
 * Each file has a {@code # source:} line and a {@code # expect: key=value ...} line; keys: format, step, kind,
 * epoch, total, global, loss, rate, unit, eval, nan ("null" = the log does not say). Every key is one field; the test
 * prints fields correct / fields expected per file and per format and asserts an overall floor.
 */
class ProgressParserHeldOutTest {

    static final double FLOOR = 0.9;

    record Score(String file, String format, int correct, int expected, List<String> misses) {
    }

    static Score score(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        Map<String, String> expect = new LinkedHashMap<>();
        for (String l : Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)) {
            if (l.startsWith("# expect:")) {
                for (String kv : l.substring("# expect:".length()).trim().split("\\s+")) {
                    int eq = kv.indexOf('=');
                    expect.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            } else if (!l.startsWith("# source:")) { // a log's own "# step ..." header is part of it
                lines.add(l);
            }
        }
        assertThat(expect).as("expect line in " + file.getFileName()).isNotEmpty();
        Progress p = new ProgressParser().lastProgress(lines).orElse(null);
        Map<String, Object> got = new LinkedHashMap<>();
        got.put("format", p == null ? null : p.format());
        got.put("step", p == null ? null : p.step());
        got.put("kind", p == null ? null : p.stepKind());
        got.put("epoch", p == null ? null : p.epoch());
        got.put("total", p == null ? null : p.total());
        got.put("global", p == null ? null : p.globalStep());
        got.put("loss", p == null ? null : p.loss());
        got.put("rate", p == null || p.rate() == null ? null : p.rate().value());
        got.put("unit", p == null || p.rate() == null ? null : p.rate().unit());
        got.put("eval", p == null ? null : p.evalLoss());
        got.put("nan", p == null ? null : p.nanInf());
        int ok = 0;
        List<String> misses = new ArrayList<>();
        for (Map.Entry<String, String> e : expect.entrySet()) {
            Object actual = got.get(e.getKey());
            if (matches(e.getValue(), actual)) {
                ok++;
            } else {
                misses.add(e.getKey() + ": expected " + e.getValue() + ", got " + actual);
            }
        }
        String name = file.getFileName().toString().replace(".txt", "");
        String format = expect.getOrDefault("format", name.contains("_") ? name.substring(0, name.indexOf('_')) : name);
        return new Score(name, format, ok, expect.size(), misses);
    }

    static boolean matches(String expected, Object actual) {
        if ("null".equals(expected)) {
            return actual == null;
        }
        if (actual instanceof Boolean b) {
            return expected.equals(b.toString());
        }
        if (actual instanceof Number n) {
            if ("nan".equalsIgnoreCase(expected)) { // a NaN loss, written as the log prints it
                return Double.isNaN(n.doubleValue());
            }
            try {
                double want = Double.parseDouble(expected);
                double have = n.doubleValue();
                return Math.abs(want - have) <= 1e-9 * Math.max(1, Math.abs(want));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return Objects.equals(expected, actual == null ? null : actual.toString());
    }

    static List<Score> scoreAll() throws IOException, URISyntaxException {
        return scoreAll("heldout");
    }

    /** Scores every excerpt under /logs/{set}. */
    /**
     * One held-apart set: step and loss right on at least {@code floor} of its (at least
     * {@code size}) excerpts; prints the per-excerpt report either way.
     */
    static void assertStepAndLossRight(String set, String title, int size, int floor)
            throws IOException, URISyntaxException {
        List<Score> scores = scoreAll(set);
        assertThat(scores).hasSizeGreaterThanOrEqualTo(size);
        int right = 0;
        int fields = 0;
        int expected = 0;
        StringBuilder report = new StringBuilder(title + " (unseen formats): step+loss right per excerpt\n");
        for (Score s : scores) {
            boolean ok = s.misses().stream().noneMatch(m -> m.startsWith("step:") || m.startsWith("loss:"));
            right += ok ? 1 : 0;
            fields += s.correct();
            expected += s.expected();
            report.append(String.format("  %-22s %s%s%n", s.file(), ok ? "ok  " : "MISS",
                    s.misses().isEmpty() ? "" : "  " + String.join("; ", s.misses())));
        }
        report.append(String.format("step+loss right on %d/%d excerpts; fields %d/%d%n", right, scores.size(), fields,
                expected));
        System.out.print(report);
        assertThat(right).as(report.toString()).isGreaterThanOrEqualTo(floor);
    }

    static List<Score> scoreAll(String set) throws IOException, URISyntaxException {
        Path dir = Path.of(ProgressParserHeldOutTest.class.getResource("/logs/" + set).toURI());
        List<Score> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".txt")).sorted().toList()) {
                out.add(score(f));
            }
        }
        return out;
    }

    @Test
    void accuracyOnHeldOutExcerpts() throws Exception {
        List<Score> scores = scoreAll();
        assertThat(scores).hasSizeGreaterThanOrEqualTo(10);
        Map<String, int[]> byFormat = new TreeMap<>();
        int ok = 0;
        int all = 0;
        StringBuilder report = new StringBuilder("held-out progress parsing accuracy (fields correct / expected)\n");
        for (Score s : scores) {
            ok += s.correct();
            all += s.expected();
            int[] f = byFormat.computeIfAbsent(s.format(), k -> new int[2]);
            f[0] += s.correct();
            f[1] += s.expected();
            report.append(String.format("  %-22s %2d/%2d%s%n", s.file(), s.correct(), s.expected(),
                    s.misses().isEmpty() ? "" : "  MISS " + String.join("; ", s.misses())));
        }
        report.append("per format:\n");
        byFormat.forEach((k, v) -> report.append(String.format("  %-12s %2d/%2d = %.3f%n", k, v[0], v[1], v[0] / (double) v[1])));
        double acc = ok / (double) all;
        report.append(String.format("overall: %d/%d = %.3f over %d excerpts (floor %.2f)%n", ok, all, acc, scores.size(), FLOOR));
        System.out.print(report);
        assertThat(acc).as(report.toString()).isGreaterThanOrEqualTo(FLOOR);
    }
}
