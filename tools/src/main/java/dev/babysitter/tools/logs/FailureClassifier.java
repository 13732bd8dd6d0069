package dev.babysitter.tools.logs;
import java.util.List;
/** TEMPORARY stand-in until the logs branch lands. */
public final class FailureClassifier {
  public Classification classify(String text) { return classify(List.of(text.split("\n"))); }
  public Classification classify(List<String> lines) {
    for (String l : lines) {
      if (l.contains("NCCL")) return new Classification(FailureClass.NCCL, l, 0.9);
      if (l.contains("out of memory")) return new Classification(FailureClass.CUDA_OOM, l, 0.9);
      if (l.contains("'loss': nan")) return new Classification(FailureClass.NAN_LOSS, l, 0.9);
      if (l.startsWith("Traceback")) return new Classification(FailureClass.OTHER_ERROR, l, 0.5);
    }
    return new Classification(FailureClass.HEALTHY, "", 0.5);
  }
}
