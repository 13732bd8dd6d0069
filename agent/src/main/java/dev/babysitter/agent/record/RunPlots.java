package dev.babysitter.agent.record;

import dev.babysitter.agent.watch.StatusLine;
import dev.babysitter.tools.plot.ChartRenderer;
import dev.babysitter.tools.plot.LineChart;
import dev.babysitter.tools.plot.SampleFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The run's plots beside its logbook ({@code logbooks/<run>/loss.svg}, {@code throughput.svg},
 * {@code gpu.svg}, {@code cost.svg}), drawn from what every check already reads: each status
 * line becomes one sample in a bounded file in the run's state directory. Drawn at digests,
 * escalations and the seal, not at every check, so git gets a handful of versions per day.
 */
public final class RunPlots {
  /** The plot files, in the order they are linked. */
  public static final List<String> FILES = List.of("loss.svg", "throughput.svg", "gpu.svg",
      "cost.svg");
  static final int WIDTH = 720;
  static final int HEIGHT = 360;

  private final SampleFile samples;
  private final Path dir;
  private final Path repo;
  private final ChartRenderer renderer;
  private final String run;

  /**
   * @param dir where the SVGs go: a folder named after the run beside its logbook
   * @param repo the logbook repository's root, for paths a reader of the issue can follow
   */
  public RunPlots(String run, SampleFile samples, Path dir, Path repo, ChartRenderer renderer) {
    this.run = run;
    this.samples = samples;
    this.dir = dir;
    this.repo = repo;
    this.renderer = renderer;
  }

  /** The folder beside {@code logbookFile} that holds a run's plots. */
  public static Path dirBeside(Path logbookFile, String run) {
    return logbookFile.toAbsolutePath().normalize().resolveSibling(run);
  }

  /** Takes in one check's status line. */
  public void observe(StatusLine s) throws IOException {
    Map<String, Double> v = new LinkedHashMap<>();
    put(v, "step", s.step() == null ? null : s.step().doubleValue());
    put(v, "attempt", (double) s.attempt());
    put(v, "loss", s.loss());
    put(v, "eval", s.evalLoss());
    put(v, "rate", s.stepsPerSecond());
    put(v, "gpu", s.gpuUtil() == null ? null : s.gpuUtil().doubleValue());
    put(v, "gpu_mem", s.gpuMemPct() == null ? null : s.gpuMemPct().doubleValue());
    put(v, "cost", s.costUsd());
    samples.append(new SampleFile.Sample(s.at(), v));
  }

  /** Draws every plot from the samples so far; returns the files written (none without data). */
  public List<Path> refresh() throws IOException {
    List<SampleFile.Sample> all = samples.read();
    if (all.isEmpty()) {
      return List.of();
    }
    Instant start = all.get(0).at();
    boolean hours = Duration.between(start, all.get(all.size() - 1).at()).toHours() >= 3;
    String x = hours ? "hours since the first check" : "minutes since the first check";
    Function<Instant, Double> t = at -> Duration.between(start, at).toMillis()
        / (hours ? 3_600_000.0 : 60_000.0);
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    out.add(write("loss.svg", new LineChart(run + ": loss", x, "loss",
        series(all, t, "loss", "loss", "eval", "eval loss"))));
    out.add(write("throughput.svg", new LineChart(run + ": throughput", x, "steps/s",
        series(all, t, "rate", "steps/s"))));
    out.add(write("gpu.svg", new LineChart(run + ": GPU", x, "%",
        series(all, t, "gpu", "GPU utilisation %", "gpu_mem", "GPU memory %"))));
    out.add(write("cost.svg", new LineChart(run + ": cost", x, "USD",
        series(all, t, "cost", "cost so far $"))));
    return out;
  }

  /** Links relative to the logbook file (a folder beside it). */
  public List<String> logbookLinks() {
    return FILES.stream().map(f -> "[" + f.replace(".svg", "") + "](" + dir.getFileName() + "/"
        + f + ")").toList();
  }

  /** Paths from the logbook repository's root, for the issue. */
  public List<String> repoPaths() {
    Path rel = repo.toAbsolutePath().normalize().relativize(dir);
    return FILES.stream().map(f -> rel.resolve(f).toString().replace('\\', '/')).toList();
  }

  public Path dir() {
    return dir;
  }

  private Path write(String name, LineChart chart) throws IOException {
    Path file = dir.resolve(name);
    Path tmp = dir.resolve("." + name + ".tmp");
    Files.writeString(tmp, renderer.svg(chart, WIDTH, HEIGHT), StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /** {@code keyAndName}: sample key, series name, pairwise. */
  private static Map<String, List<LineChart.Point>> series(List<SampleFile.Sample> all,
      Function<Instant, Double> t, String... keyAndName) {
    Map<String, List<LineChart.Point>> out = new LinkedHashMap<>();
    for (int i = 0; i < keyAndName.length; i += 2) {
      List<LineChart.Point> points = new ArrayList<>();
      for (SampleFile.Sample s : all) {
        Double y = s.values().get(keyAndName[i]);
        if (y != null) {
          points.add(new LineChart.Point(t.apply(s.at()), y));
        }
      }
      out.put(keyAndName[i + 1], points);
    }
    return out;
  }

  private static void put(Map<String, Double> v, String key, Double value) {
    if (value != null && Double.isFinite(value)) {
      v.put(key, value);
    }
  }
}
