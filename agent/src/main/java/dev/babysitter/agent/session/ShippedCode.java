package dev.babysitter.agent.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code source.ship}: the files of the work tree that travel to a remote instance with the
 * supervisor, as {@code code/<path>} entries of the launch request; the trainer then runs in
 * that copy. Small code only (the onstart carries it, about 20 KB once compressed); a real
 * repository belongs in the image or in {@code setup} (a git clone at the pinned SHA).
 */
final class ShippedCode {
  /** Far above what the onstart can carry: past it, the launch is refused before any spend. */
  static final long MAX_BYTES = 512 * 1024;

  /** Entries for the launch request, or problems for the launch check; never both. */
  record Bundle(Map<String, byte[]> files, List<String> problems) {}

  private ShippedCode() {}

  static Bundle collect(Path workDir, List<String> ship) {
    Map<String, byte[]> files = new TreeMap<>();
    List<String> problems = new java.util.ArrayList<>();
    Path root = workDir.toAbsolutePath().normalize();
    long total = 0;
    for (String entry : ship) {
      Path start = root.resolve(entry).normalize();
      if (!start.startsWith(root) || !Files.exists(start)) {
        problems.add("source.ship: " + entry + " is not in the work tree " + root);
        continue;
      }
      try (Stream<Path> walk = Files.walk(start)) {
        for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)
            .filter(f -> !skipped(root.relativize(f)))::iterator) {
          String rel = root.relativize(p).toString().replace('\\', '/');
          if (rel.contains("'")) {
            problems.add("source.ship: " + rel + " has a quote in its name");
            continue;
          }
          byte[] content = Files.readAllBytes(p);
          total += content.length;
          files.put(dev.babysitter.tools.provider.LaunchRequest.CODE + rel, content);
        }
      } catch (IOException e) {
        problems.add("source.ship: cannot read " + entry + ": " + e.getMessage());
      }
    }
    if (total > MAX_BYTES) {
      problems.add("source.ship is " + total / 1024 + " KB; at most " + MAX_BYTES / 1024
          + " KB travel with the supervisor: put the code in the image or clone it in setup");
    }
    return problems.isEmpty() ? new Bundle(files, List.of()) : new Bundle(Map.of(), problems);
  }

  private static boolean skipped(Path rel) {
    for (Path part : rel) {
      String name = part.toString();
      if (name.equals(".git") || name.equals("__pycache__") || name.endsWith(".pyc")) {
        return true;
      }
    }
    return false;
  }
}
