package dev.babysitter.agent.llm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** System prompts live in {@code prompts/*.md}, read at run time so they are edited as text. */
public final class Prompts {
  private final List<Path> roots;

  public Prompts(List<Path> roots) {
    this.roots = List.copyOf(roots);
  }

  public String load(String name) throws IOException {
    for (Path root : roots) {
      Path file = root.resolve("prompts/" + name + ".md");
      if (Files.isRegularFile(file)) {
        return Files.readString(file);
      }
    }
    throw new NoSuchFileException("prompts/" + name + ".md (looked in " + roots + ")");
  }
}
