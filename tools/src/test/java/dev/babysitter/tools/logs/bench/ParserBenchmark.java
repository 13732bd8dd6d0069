package dev.babysitter.tools.logs.bench;

import dev.babysitter.tools.logs.Classification;
import dev.babysitter.tools.logs.FailureClassifier;
import dev.babysitter.tools.logs.Progress;
import dev.babysitter.tools.logs.ProgressParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Lines per second for auto-detected progress parsing and for failure classification, over a mixed corpus built
 * from every test resource under logs/ (progress excerpts, held-out excerpts, failure corpus): real lines of
 * ~20 formats plus the noise around them. Each invocation handles the whole corpus, so ops/s x CORPUS = lines/s;
 * the score is reported per line thanks to {@link OperationsPerInvocation}.
 * Not a test (no *Test name): surefire never runs it. See docs/parsing.md for the command.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ParserBenchmark {

    /** Lines in one invocation; the corpus is repeated/truncated to exactly this many. */
    public static final int CORPUS = 4096;

    private List<String> lines;
    private String text;
    private ProgressParser parser;
    private FailureClassifier classifier;

    @Setup(Level.Trial)
    public void setUp() {
        List<String> all = corpus();
        lines = new ArrayList<>(CORPUS);
        for (int i = 0; lines.size() < CORPUS; i++) {
            lines.add(all.get(i % all.size()));
        }
        text = String.join("\n", lines);
        parser = new ProgressParser();
        classifier = new FailureClassifier();
    }

    /** Every line on its own through auto-detection (what explain/parseLine do). */
    @Benchmark
    @OperationsPerInvocation(CORPUS)
    public void parseLineAuto(Blackhole bh) {
        for (String l : lines) {
            bh.consume(parser.parseLine(l));
        }
    }

    /** The watcher's call: the last progress over the whole window. */
    @Benchmark
    @OperationsPerInvocation(CORPUS)
    public Optional<Progress> lastProgressAuto() {
        return parser.lastProgress(lines);
    }

    /** Failure classification of the same window. */
    @Benchmark
    @OperationsPerInvocation(CORPUS)
    public Classification classify() {
        return classifier.classify(lines);
    }

    /** Classification of the window as one text (split included). */
    @Benchmark
    @OperationsPerInvocation(CORPUS)
    public Classification classifyText() {
        return classifier.classify(text);
    }

    static List<String> corpus() {
        try {
            Path root = Path.of(ParserBenchmark.class.getResource("/logs").toURI());
            List<String> out = new ArrayList<>();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".txt")
                        || p.toString().endsWith(".log")).sorted().toList()) {
                    for (String l : Files.readString(f, StandardCharsets.UTF_8).split("\n")) {
                        if (!l.startsWith("# ") && !l.isBlank()) {
                            out.add(l);
                        }
                    }
                }
            }
            if (out.isEmpty()) {
                throw new IllegalStateException("no corpus under " + root);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Short run: 1 fork, 2 x 1 s warmup, 3 x 1 s measurement. Extra args are passed as an include regex.
     * With "--cpu" instead: parseLine (and lastProgress) over the same window in a plain loop, reporting lines per
     * second of this thread's CPU time, the per-core figure on a machine shared with other jobs (JMH's wall-clock
     * score drops with load); "--cpu SECONDS ROUNDS" changes the round length (2) and count (12).
     */
    public static void main(String[] args) throws RunnerException {
        if (args.length > 0 && args[0].equals("--cpu")) {
            cpuTime(args.length > 1 ? Double.parseDouble(args[1]) : 2, args.length > 2 ? Integer.parseInt(args[2]) : 12);
            return;
        }
        Options opt = new OptionsBuilder()
                .include(ParserBenchmark.class.getName() + (args.length > 0 ? "." + args[0] : ""))
                .forks(1).warmupIterations(2).warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                .measurementIterations(3).measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                .build();
        new Runner(opt).run();
    }

    private static void cpuTime(double seconds, int rounds) {
        ParserBenchmark b = new ParserBenchmark();
        b.setUp();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sink = 0;
        System.out.printf("corpus: %d lines (%d distinct)%n", CORPUS, new java.util.HashSet<>(b.lines).size());
        for (int round = 0; round < rounds; round++) {
            boolean whole = round % 2 == 1; // alternate parseLine and lastProgress
            long cpu0 = mx.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            long lines = 0;
            while (System.nanoTime() - wall0 < (long) (seconds * 1e9)) {
                if (whole) {
                    sink += b.parser.lastProgress(b.lines).isPresent() ? 1 : 0;
                } else {
                    for (String l : b.lines) {
                        sink += b.parser.parseLine(l).isPresent() ? 1 : 0;
                    }
                }
                lines += CORPUS;
            }
            double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double wall = (System.nanoTime() - wall0) / 1e9;
            System.out.printf("round %d%s %-12s: %,.0f lines per CPU-second (%,.0f lines/s wall)%n", round,
                    round < rounds / 2 ? " (warm-up)" : "", whole ? "lastProgress" : "parseLine", lines / cpu,
                    lines / wall);
        }
        System.out.println(sink == 42 ? "" : "done");
    }
}
