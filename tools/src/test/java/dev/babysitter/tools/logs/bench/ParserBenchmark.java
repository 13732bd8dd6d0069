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

    /** Short run: 1 fork, 2 x 1 s warmup, 3 x 1 s measurement. Extra args are passed as an include regex. */
    public static void main(String[] args) throws RunnerException {
        Options opt = new OptionsBuilder()
                .include(ParserBenchmark.class.getName() + (args.length > 0 ? "." + args[0] : ""))
                .forks(1).warmupIterations(2).warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                .measurementIterations(3).measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                .build();
        new Runner(opt).run();
    }
}
