package dev.babysitter.agent.session;

import dev.babysitter.agent.run.RunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Seed 004: "if dirty is approved, log the diff or patch identity", and at the seal "create a
 * seal commit ... so the actual operational state is recoverable". The patch of an approved
 * dirty launch is kept in the run's state directory at launch (scrubbed: a diff can hold a
 * key), and the seal commits it beside the logbook, in the commit the seal tag names.
 */
final class SourcePatches {
  /** A patch larger than this is not committed: its identity and state-dir copy are named. */
  static final long MAX_COMMITTED_BYTES = 5L * 1024 * 1024;

  private static final java.time.format.DateTimeFormatter WHEN = java.time.format
      .DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

  private SourcePatches() {}

  /**
   * Writes the scrubbed patch of {@code source} under {@code runDir} and returns its entry;
   * null for a clean tree, or when this patch is kept already.
   */
  static RunRecord.SourcePatch keep(Path runDir, SourceIdentity source, List<RunRecord.SourcePatch>
      kept, UnaryOperator<String> scrub, Instant now) throws IOException {
    if (!source.dirty() || source.patch() == null || source.patchHash() == null
        || kept.stream().anyMatch(p -> p.hash().equals(source.patchHash()))) {
      return null;
    }
    String text = scrub.apply(source.patch());
    Path file = runDir.resolve("source-patches").resolve(fileName(source.patchHash()));
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return new RunRecord.SourcePatch(source.patchHash(), file.toString(), source.sha(), now,
        !text.equals(source.patch()));
  }

  /** {@code source-<first 12 hex of the sha256>.patch}. */
  static String fileName(String hash) {
    String hex = hash.startsWith("sha256:") ? hash.substring("sha256:".length()) : hash;
    return "source-" + hex.substring(0, Math.min(12, hex.length())) + ".patch";
  }

  /** What the seal commits and says: the files copied beside the logbook, and the field. */
  record Sealed(List<Path> files, String field) {}

  /**
   * Copies every kept patch into {@code dir} (beside the logbook, in its git work tree) for the
   * seal commit; a patch missing from the state dir or too large is said, not committed.
   */
  static Sealed forSeal(List<RunRecord.SourcePatch> kept, Path dir, Path logbookDir)
      throws IOException {
    List<Path> files = new ArrayList<>();
    List<String> said = new ArrayList<>();
    for (RunRecord.SourcePatch p : kept) {
      Path from = Path.of(p.file());
      String what = p.hash() + " (launch of " + (p.launchedAt() == null ? "?"
          : WHEN.format(p.launchedAt())) + " from " + shortSha(p.gitSha())
          + (p.scrubbed() ? "; secrets scrubbed, so its hash is of the unscrubbed diff" : "")
          + ")";
      if (!Files.isRegularFile(from)) {
        said.add(what + ": NOT captured, the kept copy " + from + " is gone");
        continue;
      }
      long size = Files.size(from);
      if (size > MAX_COMMITTED_BYTES) {
        said.add(what + ": NOT committed, " + size + " bytes; kept at " + from);
        continue;
      }
      Files.createDirectories(dir);
      Path to = dir.resolve(from.getFileName());
      Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      files.add(to);
      said.add("[" + logbookDir.relativize(to).toString().replace('\\', '/') + "]("
          + logbookDir.relativize(to).toString().replace('\\', '/') + ") " + what);
    }
    return new Sealed(files, said.isEmpty() ? null : String.join("; ", said)
        + (files.isEmpty() ? "" : "; committed in the seal commit that the seal tag names"));
  }

  private static String shortSha(String sha) {
    return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
  }

  /** The launch's logbook field for a kept patch. */
  static void describe(RunRecord.SourcePatch kept, Map<String, String> fields) {
    if (kept != null) {
      fields.put("Dirty-tree patch", kept.hash() + " kept at launch"
          + (kept.scrubbed() ? " (secrets scrubbed)" : "") + "; the seal commits it beside"
          + " the logbook and tags that commit");
    }
  }
}
