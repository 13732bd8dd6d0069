package dev.babysitter.agent.hero;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;

/** Megatron-LM iteration lines as it prints them, with the loss and grad norm given per step. */
final class MegatronLines {
  private MegatronLines() {}

  static List<String> lines(long from, long to, LongToDoubleFunction loss,
      LongToDoubleFunction gradNorm) {
    List<String> out = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      out.add(String.format(java.util.Locale.ROOT, " iteration %8d/  250000 | consumed samples:"
          + " %12d | elapsed time per iteration (ms): 4247.9 | learning rate: 2.999E-04 | "
          + "global batch size:     8 | lm loss: %.6E | loss scale: 1.0 | grad norm: %.3f | "
          + "number of skipped iterations:   0 | number of nan iterations:   0 |", i, i * 8,
          loss.applyAsDouble(i), gradNorm.applyAsDouble(i)));
    }
    return out;
  }
}
