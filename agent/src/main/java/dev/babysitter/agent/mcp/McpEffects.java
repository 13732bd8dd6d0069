package dev.babysitter.agent.mcp;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.llm.AgentEffects;
import dev.babysitter.agent.llm.ChatEffects;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.agent.session.TrainerLog;
import dev.babysitter.tools.probe.GpuRow;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.probe.Prober;
import dev.babysitter.tools.shell.RemoteShell;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What an MCP client's tools read and do: decisions and actions exactly as the runner chat's
 * ({@link ChatEffects}: an allowed action is proposed to the run's babysitter through the
 * mailbox, a refusal is on record, an escalation is recorded where {@code approve} finds it),
 * but the reads go to the instance itself through the provider's shell, read-only: the log
 * tail, the GPU rows and the checkpoint listing a coding agent asks about.
 */
final class McpEffects implements AgentEffects {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final ChatEffects chat;
  private final RunFactory factory;
  private final RunSpec spec;
  private final RunRecord record;
  private final UnaryOperator<String> scrub;
  private final Clock clock;

  McpEffects(ChatEffects chat, RunFactory factory, RunSpec spec, RunRecord record,
      UnaryOperator<String> scrub, Clock clock) {
    this.chat = chat;
    this.factory = factory;
    this.spec = spec;
    this.record = record;
    this.scrub = scrub;
    this.clock = clock;
  }

  @Override
  public String runName() {
    return chat.runName();
  }

  @Override
  public GuardState guardState() throws IOException {
    return chat.guardState();
  }

  @Override
  public String status() throws IOException {
    return chat.status();
  }

  @Override
  public List<String> logTail(int lines) throws IOException {
    if (record.instance == null) {
      return List.of("run " + record.runName + " has no instance: no trainer log to read");
    }
    try (RemoteShell shell = factory.provider(spec).shell(record.instance)) {
      return new TrainerLog(shell, record.instance.home(), scrub, READ_TIMEOUT).tail(lines);
    } catch (IOException | dev.babysitter.agent.session.UnsupportedProviderException e) {
      return List.of(scrub.apply("the trainer log is unreadable: " + e.getMessage()));
    }
  }

  @Override
  public String gpuStatus() throws IOException {
    Probe p = probe();
    if (!p.reachable()) {
      return scrub.apply("instance unreachable: " + p.problem());
    }
    if (p.gpus().isEmpty()) {
      return scrub.apply("no GPU rows" + (p.gpuProblem() == null ? "" : ": " + p.gpuProblem()));
    }
    List<String> out = new ArrayList<>();
    for (GpuRow g : p.gpus()) {
      out.add("gpu" + g.index() + " " + g.name() + " util " + g.utilPct() + "% mem "
          + g.memUsedMib() + "/" + g.memTotalMib() + " MiB");
    }
    return scrub.apply(String.join("\n", out));
  }

  @Override
  public List<String> checkpoints() throws IOException {
    Probe p = probe();
    if (!p.reachable()) {
      return List.of(scrub.apply("instance unreachable: " + p.problem()));
    }
    if (p.checkpoints().isEmpty()) {
      return List.of("no checkpoints yet");
    }
    return p.checkpoints().stream().map(c -> scrub.apply(c.name() + (c.markerPresent()
        ? " complete" : " incomplete") + " (modified " + c.modified() + ")")).toList();
  }

  private Probe probe() throws IOException {
    if (record.instance == null) {
      return Probe.unreachable(clock.instant(), "the run has no instance", 0);
    }
    try (RemoteShell shell = factory.provider(spec).shell(record.instance)) {
      // Read-only: a zero lease leaves the dead-man switch to the babysitter.
      return new Prober(clock, READ_TIMEOUT).probe(shell, record.instance.home(),
          record.eventsOffset, 20, 0);
    } catch (dev.babysitter.agent.session.UnsupportedProviderException e) {
      return Probe.unreachable(clock.instant(), e.getMessage(), 0);
    }
  }

  @Override
  public String perform(Action action, Decision allowed, String why) throws IOException {
    return chat.perform(action, allowed, why);
  }

  @Override
  public void refused(Action action, Decision decision, String why) throws IOException {
    chat.refused(action, decision, why);
  }

  @Override
  public String recordedApprovalId(Decision.Escalate escalate) throws IOException {
    return chat.recordedApprovalId(escalate);
  }

  @Override
  public void report(String title, String body, String comment) throws IOException {
    chat.report(title, body, comment);
  }
}
