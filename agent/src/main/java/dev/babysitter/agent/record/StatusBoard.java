package dev.babysitter.agent.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code STATUS.md} at the logbook repo's root: the one canonical status sink (seeds 002,
 * 003), rewritten (not appended) at every check, one section per live run.
 */
public final class StatusBoard {
  private final Path file;
  private final UnaryOperator<String> scrub;

  public StatusBoard(Path file, UnaryOperator<String> scrub) {
    this.file = file;
    this.scrub = scrub;
  }

  /** One run's section. */
  public record Section(String run, String instanceId, String instanceUrl, String command,
      String logPath, String killCriteria, String teardown, String statusLine, String cost,
      String eta, String nextCheck, String logbook, String issue) {}

  public void write(List<Section> sections, String updatedAt) throws IOException {
    StringBuilder b = new StringBuilder("# STATUS\n\n");
    b.append("Rewritten by the babysitter at every check; the logbooks keep the history.\n");
    b.append("Updated: ").append(updatedAt).append("\n");
    if (sections.isEmpty()) {
      b.append("\nNo live runs.\n");
    }
    for (Section s : sections) {
      b.append("\n## ").append(s.run()).append("\n\n")
          .append("- Instance: ").append(s.instanceId()).append(" (").append(s.instanceUrl())
          .append(")\n")
          .append("- Command: `").append(s.command()).append("`\n")
          .append("- Log: `").append(s.logPath()).append("`\n")
          .append("- Kill criteria: ").append(s.killCriteria()).append("\n")
          .append("- Teardown: ").append(s.teardown()).append("\n")
          .append("- Status: `").append(s.statusLine()).append("`\n")
          .append("- Cost so far: ").append(s.cost()).append("\n")
          .append("- ETA: ").append(s.eta()).append("\n")
          .append("- Next check: ").append(s.nextCheck()).append("\n")
          .append("- Logbook: `").append(s.logbook()).append("`\n")
          .append("- Issue: ").append(s.issue()).append("\n");
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, scrub.apply(b.toString()));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public Path file() {
    return file;
  }
}
