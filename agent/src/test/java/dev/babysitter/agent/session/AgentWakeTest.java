package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.llm.EscalatorFactory;
import dev.babysitter.agent.llm.Wake;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop wakes the agent only for what the playbook cannot settle: never while healthy. */
class AgentWakeTest {
  @Test
  void should_spend_nothing_on_a_healthy_run(@TempDir Path dir) throws Exception {
    List<Wake> wakes = babysit(dir, "healthy", LocalRunFixture.trainerCommand(20));
    assertThat(wakes).isEmpty();
  }

  @Test
  void should_wake_once_when_the_playbook_escalates_a_nan(@TempDir Path dir) throws Exception {
    List<Wake> wakes = babysit(dir, "nan", "\"python3 trainer/train.py --steps 60 --out "
        + "{output_root} --ckpt-every 20 --step-time 0.2 --faults nan@30\"");
    assertThat(wakes).isNotEmpty();
    assertThat(wakes.get(0).why()).contains("escalate");
    assertThat(wakes.get(0).assessment().probe().logTail()).isNotEmpty();
  }

  private static List<Wake> babysit(Path dir, String name, String command) throws Exception {
    LocalRunFixture run = new LocalRunFixture(dir, name, command, "{}",
        LocalRunFixture.demoPolicy());
    List<Wake> wakes = new ArrayList<>();
    EscalatorFactory counting = (spec, record, guard, store, scrub) -> (wake, effects) ->
        wakes.add(wake);
    run.factory.useAgents(counting);
    assertThat(new RunLauncher(run.factory, Clock.systemUTC()).launch(run.spec, run.specFile,
        run.repo).refusal()).isNull();
    new BabysitLoop(run.factory, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream(),
        true, StandardCharsets.UTF_8)).stopWhenParked().run(List.of(run.spec),
        Duration.ofSeconds(60));
    return wakes;
  }
}
