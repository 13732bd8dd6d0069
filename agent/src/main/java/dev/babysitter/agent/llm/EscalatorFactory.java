package dev.babysitter.agent.llm;

import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunStore;
import java.io.IOException;
import java.util.function.UnaryOperator;

/** Makes the escalator for one run's controller; {@link #NONE} keeps the loop model-free. */
public interface EscalatorFactory {
  EscalatorFactory NONE = (spec, record, guard, store, scrub) -> AlertEscalator.NONE;

  AlertEscalator create(RunSpec spec, RunRecord record, PolicyGuard guard, RunStore store,
      UnaryOperator<String> scrub) throws IOException;
}
