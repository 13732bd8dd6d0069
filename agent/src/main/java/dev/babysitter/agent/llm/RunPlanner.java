package dev.babysitter.agent.llm;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.policy.InvalidPolicyException;
import dev.babysitter.agent.run.InvalidSpecException;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.run.SpecProblem;
import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.agent.session.RunLauncher;
import dev.babysitter.agent.session.UnsupportedProviderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the runner chat may do beyond proposing: draft a spec into {@code runs/} and launch one
 * through {@link RunLauncher}, whose own guard decision (spend cap, launch validation, drift)
 * is the one that counts. Refusals come back as {@link ToolRefusal}s.
 */
public final class RunPlanner {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final RunFactory factory;
  private final Path workDir;
  private final Clock clock;
  private final RunRecord chatRun;

  /** {@code chatRun}: the run the chat was opened on, or null while planning a new run. */
  public RunPlanner(RunFactory factory, Path workDir, Clock clock, RunRecord chatRun) {
    this.factory = factory;
    this.workDir = workDir.toAbsolutePath().normalize();
    this.clock = clock;
    this.chatRun = chatRun;
  }

  /** Validates the draft first, so nothing invalid lands in runs/; never overwrites a spec. */
  String draft(SpecDraft draft) throws IOException {
    if (draft.name() == null || !NAME.matcher(draft.name()).matches()) {
      throw new ToolRefusal("INVALID: name must be letters, digits, '.', '_' or '-'; nothing "
          + "was written", null);
    }
    String yaml;
    try {
      yaml = draft.yaml();
    } catch (IOException | IllegalArgumentException e) {
      throw new ToolRefusal("INVALID: extra_yaml is not a YAML mapping (" + e.getMessage()
          + "); nothing was written", null);
    }
    Path file = workDir.resolve("runs").resolve(draft.name() + ".yaml");
    try {
      new RunSpecLoader().parse(yaml, "runs/" + file.getFileName());
    } catch (InvalidSpecException e) {
      throw new ToolRefusal("INVALID spec, nothing was written. Fix every problem and draft "
          + "again:\n" + e.problems().stream().map(SpecProblem::toString)
              .collect(Collectors.joining("\n")), null);
    }
    Files.createDirectories(file.getParent());
    try {
      Files.writeString(file, yaml, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException e) {
      throw new ToolRefusal("REFUSED: runs/" + file.getFileName() + " exists and is never "
          + "overwritten; choose another name", null);
    }
    return "wrote runs/" + file.getFileName() + " (valid):\n" + yaml;
  }

  /** The action the guard sees: the spec's run name when it parses, else the file's stem. */
  Action launchAction(String specPath) {
    Path file = resolve(specPath);
    String name;
    try {
      name = new RunSpecLoader().load(file).name();
    } catch (InvalidSpecException | IOException | RuntimeException e) {
      String f = file.getFileName() == null ? specPath : file.getFileName().toString();
      name = f.endsWith(".yaml") ? f.substring(0, f.length() - 5) : f;
    }
    return new Action.LaunchInstance(name, 0.0);
  }

  String launch(String specPath) throws IOException {
    if (chatRun != null && chatRun.instance != null && !chatRun.finished()) {
      // The babysitter owns a live run; a second launcher would race it.
      throw new ToolRefusal("REFUSED: " + chatRun.runName + " is live and the babysitter owns "
          + "it; the chat launches only while planning or after the run ended. Propose the "
          + "change instead (it goes to the babysitter via the mailbox).", null);
    }
    Path file = resolve(specPath);
    RunSpec spec;
    try {
      spec = new RunSpecLoader().load(file);
    } catch (InvalidSpecException e) {
      throw new ToolRefusal("INVALID spec, nothing was launched:\n" + e.problems().stream()
          .map(SpecProblem::toString).collect(Collectors.joining("\n")), null);
    }
    RunLauncher.Result result;
    try {
      result = new RunLauncher(factory, clock).launch(spec, file, workDir);
    } catch (InvalidPolicyException | UnsupportedProviderException e) {
      throw new ToolRefusal("REFUSED: " + e.getMessage() + "; nothing was launched", null);
    }
    if (result.refusal() != null) {
      throw new ToolRefusal((result.refusal() instanceof dev.babysitter.agent.guard.Decision
          .Escalate e ? "ESCALATED to the DRI by rule " + e.rule() + " (approval id "
          + e.approvalId() + ")" : "REFUSED by rule " + result.refusal().rule()) + ": "
          + result.refusal().reason() + ". Nothing was launched.", result.refusal());
    }
    return (result.alreadyRunning() ? "already running, not launched again: instance "
        : "launched: instance ") + result.instance().id() + " (" + result.instance().hardware()
        + "). Babysit it with: babysitter babysit " + spec.name();
  }

  private Path resolve(String specPath) {
    return workDir.resolve(specPath == null ? "" : specPath).normalize();
  }
}
