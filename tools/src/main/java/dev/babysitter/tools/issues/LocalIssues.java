package dev.babysitter.tools.issues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A file-based issue tracker for the demo and local runs. Layout under {@code storeDir}:
 * {@code <number>/issue.json}, {@code <number>/comments.jsonl} (append-only) and
 * {@code <number>/thread.md}, regenerated after each change for a person to read.
 *
 * <p>Several instances (and processes, e.g. the CLI posting an approval while the babysitter
 * runs) may share a store: numbers are claimed by creating the directory, and each comment is
 * appended under a file lock so comment ids stay unique.
 */
public final class LocalIssues implements IssueTracker {
  /** Comment ids are {@code number * COMMENT_ID_BASE + index}, unique across the store. */
  static final long COMMENT_ID_BASE = 1_000_000L;

  private final Path storeDir;
  private final String repo;
  private final String login;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public LocalIssues(Path storeDir, String repo, String login, Clock clock) {
    this.storeDir = Objects.requireNonNull(storeDir, "storeDir");
    this.repo = Objects.requireNonNull(repo, "repo");
    this.login = Objects.requireNonNull(login, "login");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized IssueRef create(String title, String body, List<String> labels)
      throws IssueTrackerException {
    try {
      Files.createDirectories(storeDir);
      int number = claimNumber();
      ObjectNode issue = json.createObjectNode()
          .put("number", number).put("repo", repo).put("title", title).put("body", body)
          .put("author", login).put("created_at", clock.instant().toString());
      labels.forEach(issue.putArray("labels")::add);
      Path dir = storeDir.resolve(Integer.toString(number));
      JsonLines.writeAtomically(dir.resolve("issue.json"),
          json.writerWithDefaultPrettyPrinter().writeValueAsString(issue));
      IssueRef ref = ref(number);
      writeThread(ref);
      return ref;
    } catch (IOException e) {
      throw new IssueTrackerException("cannot create issue in " + storeDir + ": " + e, true, e);
    }
  }

  @Override
  public IssueComment comment(IssueRef issue, String body) throws IssueTrackerException {
    checkKnown(issue);
    try {
      return commentAs(issue, login, body);
    } catch (UncheckedIOException e) {
      throw new IssueTrackerException("cannot write comment: " + e.getCause(), true, e);
    }
  }

  @Override
  public synchronized List<IssueComment> comments(IssueRef issue) throws IssueTrackerException {
    checkKnown(issue);
    try {
      return readComments(issue.number());
    } catch (IOException e) {
      throw new IssueTrackerException("cannot read comments: " + e, true, e);
    }
  }

  @Override
  public String describe() {
    return "local issues for " + repo + " in " + storeDir;
  }

  /** Posts as {@code author} (e.g. the DRI answering "/approve abc"). */
  public synchronized IssueComment commentAs(IssueRef ref, String author, String body) {
    Path dir = issueDir(ref);
    if (!Files.exists(dir.resolve("issue.json"))) {
      throw new IllegalArgumentException("no such issue: " + ref);
    }
    try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock ignored = lock(lockFile)) {
      int index = readComments(ref.number()).size() + 1;
      IssueComment c = new IssueComment(
          ref.number() * COMMENT_ID_BASE + index, author, body, clock.instant());
      JsonLines.append(dir.resolve("comments.jsonl"), json, json.createObjectNode()
          .put("id", c.id()).put("author", c.author()).put("body", c.body())
          .put("created_at", c.createdAt().toString()));
      writeThread(ref);
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The human-readable thread of the issue. */
  public Path threadFile(IssueRef ref) {
    return issueDir(ref).resolve("thread.md");
  }

  private IssueRef ref(int number) {
    return new IssueRef(repo, number,
        storeDir.toAbsolutePath().resolve(Integer.toString(number)).resolve("thread.md")
            .toUri().toString());
  }

  private Path issueDir(IssueRef ref) {
    return storeDir.resolve(Integer.toString(ref.number()));
  }

  private void checkKnown(IssueRef issue) throws IssueTrackerException {
    if (!repo.equals(issue.repo()) || !Files.exists(issueDir(issue).resolve("issue.json"))) {
      throw new IssueTrackerException("no such issue: " + issue, false);
    }
  }

  /** Creating the directory is the claim, so two instances never take the same number. */
  private int claimNumber() throws IOException {
    int number = highestNumber() + 1;
    while (true) {
      try {
        Files.createDirectory(storeDir.resolve(Integer.toString(number)));
        return number;
      } catch (FileAlreadyExistsException e) {
        number++;
      }
    }
  }

  private int highestNumber() throws IOException {
    try (Stream<Path> dirs = Files.list(storeDir)) {
      return dirs.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("[1-9][0-9]{0,8}"))
          .mapToInt(Integer::parseInt).max().orElse(0);
    }
  }

  private List<IssueComment> readComments(int number) throws IOException {
    List<IssueComment> out = new ArrayList<>();
    Path file = storeDir.resolve(Integer.toString(number)).resolve("comments.jsonl");
    for (JsonNode n : JsonLines.read(file, json)) {
      out.add(new IssueComment(n.path("id").asLong(), n.path("author").asText(),
          n.path("body").asText(), Instant.parse(n.path("created_at").asText())));
    }
    return out;
  }

  private void writeThread(IssueRef ref) throws IOException {
    Path dir = issueDir(ref);
    JsonNode issue = json.readTree(Files.readString(dir.resolve("issue.json"),
        StandardCharsets.UTF_8));
    List<String> labels = new ArrayList<>();
    issue.path("labels").forEach(l -> labels.add(l.asText()));
    StringBuilder md = new StringBuilder()
        .append("# ").append(issue.path("title").asText())
        .append(" (").append(repo).append('#').append(ref.number()).append(")\n\n")
        .append("- Labels: ").append(String.join(", ", labels)).append('\n')
        .append("- Opened by ").append(issue.path("author").asText())
        .append(" at ").append(dev.babysitter.tools.logbook.Readable.time(
            issue.path("created_at").asText())).append("\n\n")
        .append(issue.path("body").asText().stripTrailing()).append('\n');
    for (IssueComment c : readComments(ref.number())) {
      md.append("\n---\n\n**").append(c.author()).append("** at ")
          .append(dev.babysitter.tools.logbook.Readable.time(c.createdAt()))
          .append(" (comment ").append(c.id()).append(")\n\n")
          .append(c.body().stripTrailing()).append('\n');
    }
    JsonLines.writeAtomically(dir.resolve("thread.md"), md.toString());
  }

  /** Cross-process lock; inside this JVM another instance may hold it, so wait for that too. */
  private static FileLock lock(FileChannel channel) throws IOException {
    while (true) {
      try {
        return channel.lock();
      } catch (OverlappingFileLockException e) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the issue lock", ie);
        }
      }
    }
  }
}
