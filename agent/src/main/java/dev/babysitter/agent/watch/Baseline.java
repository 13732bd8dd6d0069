package dev.babysitter.agent.watch;

/** What "normal" looked like in the first healthy checks of an attempt. */
public record Baseline(int attempt, double stepsPerSecond, int gpuUtil, double gpuMem, int samples) {

  public Baseline add(double rate, int util, double mem) {
    int n = samples + 1;
    return new Baseline(attempt, (stepsPerSecond * samples + rate) / n,
        (int) Math.round(((double) gpuUtil * samples + util) / n), (gpuMem * samples + mem) / n, n);
  }
}
