package dev.babysitter.agent.llm;

import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.run.Mailbox;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunStore;
import dev.langchain4j.model.chat.ChatModel;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Wires a configured model into the loop: one babysitter agent per run, with the run's token
 * meter on its model and the prompt from {@code prompts/babysitter.md}.
 */
public final class LlmAgents implements EscalatorFactory {
  private final ModelFactory models;
  private final ModelFactory.Settings settings;
  private final Prompts prompts;
  private final Clock clock;

  public LlmAgents(ModelFactory models, ModelFactory.Settings settings, Prompts prompts,
      Clock clock) {
    this.models = models;
    this.settings = settings;
    this.prompts = prompts;
    this.clock = clock;
  }

  @Override
  public AlertEscalator create(RunSpec spec, RunRecord record, PolicyGuard guard, RunStore store,
      UnaryOperator<String> scrub) throws IOException {
    TokenMeter meter = new TokenMeter(store.dirOf(spec.name()).getParent(), spec.name(),
        "babysitter", record, clock);
    ChatModel model = models.create(settings, List.of(meter));
    return new BabysitterAgent(model, prompts.load("babysitter"), guard, meter,
        Mailbox.of(store, spec.name(), scrub), scrub, clock);
  }
}
