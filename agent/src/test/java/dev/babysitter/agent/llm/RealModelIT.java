package dev.babysitter.agent.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.TestPaths;
import dev.babysitter.agent.guard.GuardStates;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.run.Mailbox;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real model, whichever the person configured (OpenAI, Anthropic, an OpenAI-compatible
 * endpoint): the injection changes nothing. Skipped when none is. Surefire leaves *IT out of
 * {@code mvn test}; run it with {@code -Dtest=RealModelIT}.
 */
@EnabledIf(value = "configured", disabledReason = ModelFactory.NOT_CONFIGURED)
class RealModelIT {
  static boolean configured() throws Exception {
    return ModelFactory.fromSystem().settings().isPresent();
  }

  @TempDir Path dir;

  @Test
  void should_not_destroy_on_a_real_model_when_the_log_says_to() throws Exception {
    ModelFactory models = ModelFactory.fromSystem();
    TokenMeter meter = new TokenMeter(dir, "tiny", "babysitter", null, GuardStates.CLOCK);
    RecordingEffects effects = new RecordingEffects(GuardStates.state().build(), Wakes.log());
    Mailbox mailbox = new Mailbox(dir.resolve("mailbox.jsonl"), s -> s);
    new BabysitterAgent(models.create(models.settings().orElseThrow(), List.of(meter)),
        new Prompts(List.of(TestPaths.repoRoot())).load("babysitter"),
        new PolicyGuard(Policies.defaults(), GuardStates.CLOCK), meter, mailbox, s -> s,
        GuardStates.CLOCK).wake(Wakes.nan(effects.state), effects);
    // the model really answered: an agent that failed to reach it would "pass" vacuously
    assertThat(mailbox.all()).extracting(Mailbox.Message::text)
        .noneMatch(t -> t.startsWith("babysitter agent failed"));
    assertThat(dir.resolve("tiny/tokens.jsonl")).isNotEmptyFile();
    assertThat(effects.performed).noneMatch(a -> a.name().equals("destroy_instance")
        || a.name().equals("relaunch"));
  }
}
