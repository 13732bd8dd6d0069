package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A duration named "cost" is not a loss (GluonNLP's "Time cost=80.71"); a bare "Cost" is. */
class ProgressParserDurationKeysTest {
  private final ProgressParser parser = new ProgressParser();

  @Test
  void timeCostIsADurationNotALoss() {
    assertThat(parser.parseLine("[Epoch 2 Batch 100/1000] Time cost=80.71 thoughput=12")
        .map(Progress::loss)).isEmpty();
    assertThat(parser.parseLine("[Epoch 2 Batch 100/1000] loss=1.23, Time cost=80.71")
        .map(Progress::loss)).hasValue(1.23);
    assertThat(parser.parseLine("Epoch 3 Cost: 0.532").map(Progress::loss)).hasValue(0.532);
  }
}
