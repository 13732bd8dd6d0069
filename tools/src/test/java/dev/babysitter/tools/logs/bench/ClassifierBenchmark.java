package dev.babysitter.tools.logs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.babysitter.tools.logs.Classification;
import dev.babysitter.tools.logs.FailureClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Lines per second (one thread = one core) for the failure classifier over a mix of real logs: every excerpt of
 * failures/public-logs.jsonl (tracebacks, NCCL, OOM, NaN, healthy progress of many frameworks) interleaved with the
 * progress excerpts under logs/ (mostly healthy lines, as a watched log mostly is). Each invocation classifies the
 * whole CORPUS-line window, so with {@link OperationsPerInvocation} the score is lines/s.
 * Not a test (no *Test name): surefire never runs it. See docs/classifier.md for the command.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClassifierBenchmark {

    /** Lines in one invocation; the mix is repeated/truncated to exactly this many. */
    public static final int CORPUS = 4096;

    private List<String> lines;
    private String text;
    private FailureClassifier classifier;

    @Setup(Level.Trial)
    public void setUp() {
        List<String> failures = failureLines();
        List<String> progress = progressLines();
        List<String> mix = new ArrayList<>();
        // alternate one excerpt line of each source so failure and progress lines are spread over the window
        for (int i = 0; mix.size() < CORPUS; i++) {
            mix.add(failures.get(i % failures.size()));
            if (mix.size() < CORPUS) {
                mix.add(progress.get(i % progress.size()));
            }
        }
        lines = mix;
        text = String.join("\n", lines);
        classifier = new FailureClassifier();
    }

    /** The watcher's call: the tail as a list of lines. */
    @Benchmark
    @OperationsPerInvocation(CORPUS)
    public Classification classifyLines() {
        return classifier.classify(lines);
    }

    /** The CLI's call: the tail as one text (line splitting included). */
    @Benchmark
    @OperationsPerInvocation(CORPUS)
    public Classification classifyText() {
        return classifier.classify(text);
    }

    static List<String> failureLines() {
        List<String> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String row : resource("/failures/public-logs.jsonl").split("\n")) {
            if (!row.isBlank()) {
                try {
                    for (String l : json.readTree(row).path("text").asText().split("\n")) {
                        if (!l.isBlank()) {
                            out.add(l);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    static List<String> progressLines() {
        List<String> out = new ArrayList<>();
        for (String l : String.join("\n", ParserBenchmark.corpus()).split("\n")) {
            out.add(l);
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = ClassifierBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * JMH run: 1 fork, 5 x 2 s warmup, 5 x 2 s measurement, 1 thread; an extra arg is a method-name include regex.
     * With "--cpu" instead: the same window classified in a plain loop, reporting lines per second of this thread's
     * CPU time, the per-core figure on a machine shared with other jobs (JMH's wall-clock score drops with load).
     */
    public static void main(String[] args) throws RunnerException {
        if (args.length > 0 && args[0].equals("--cpu")) {
            cpuTime();
            return;
        }
        Options opt = new OptionsBuilder()
                .include(ClassifierBenchmark.class.getName() + (args.length > 0 ? "." + args[0] : ""))
                .forks(1).threads(1).warmupIterations(5).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .build();
        new Runner(opt).run();
    }

    private static void cpuTime() {
        ClassifierBenchmark b = new ClassifierBenchmark();
        b.setUp();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 15; round++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            long lines = 0;
            while (System.nanoTime() - wall0 < 2_000_000_000L) {
                b.classifyLines();
                b.classifyText();
                lines += 2L * CORPUS;
            }
            double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double wall = (System.nanoTime() - wall0) / 1e9;
            System.out.printf("round %d%s: %,.0f lines per CPU-second (%,.0f lines/s wall)%n", round,
                    round < 8 ? " (warm-up)" : "", lines / cpu, lines / wall);
        }
    }
}
