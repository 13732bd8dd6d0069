package dev.babysitter.tools.probe;

/** One line of {@code nvidia-smi --query-gpu=index,name,utilization.gpu,memory.used,memory.total}. */
public record GpuRow(int index, String name, int utilPct, long memUsedMib, long memTotalMib) {
  public double memFraction() {
    return memTotalMib <= 0 ? 0 : (double) memUsedMib / memTotalMib;
  }
}
