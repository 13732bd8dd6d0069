package dev.babysitter.agent.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The append-only conversation between a run's babysitter, its runner chat and the person:
 * {@code state/runs/<run>/mailbox.jsonl}, one JSON message a line. A file, not memory, because
 * the babysit loop and the chat are separate processes (often separate tmux windows). Appends of
 * one short line are atomic enough on a local file system; nothing is ever rewritten.
 */
public final class Mailbox {
  /** Who wrote it, what kind it is, and the text. Kinds: note, message, hold, release. */
  public record Message(Instant at, String from, String kind, String text) {}

  /** New messages, and the byte offset to read from next time. */
  public record Batch(List<Message> messages, long offset) {}

  private final Path file;
  private final UnaryOperator<String> scrub;
  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public Mailbox(Path file, UnaryOperator<String> scrub) {
    this.file = file;
    this.scrub = scrub;
  }

  public static Mailbox of(RunStore store, String runName, UnaryOperator<String> scrub) {
    return new Mailbox(store.dirOf(runName).resolve("mailbox.jsonl"), scrub);
  }

  public Path file() {
    return file;
  }

  public void post(Message message) throws IOException {
    Files.createDirectories(file.getParent());
    Message clean = new Message(message.at(), message.from(), message.kind(),
        scrub.apply(message.text()));
    Files.writeString(file, json.writeValueAsString(clean) + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  public List<Message> all() throws IOException {
    return since(0).messages();
  }

  /** Messages after {@code offset}; a half-written last line waits for the next read. */
  public Batch since(long offset) throws IOException {
    if (!Files.exists(file)) {
      return new Batch(List.of(), offset);
    }
    byte[] bytes = Files.readAllBytes(file);
    List<Message> out = new ArrayList<>();
    int start = (int) Math.min(offset, bytes.length);
    for (int i = start; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        String line = new String(bytes, start, i - start, StandardCharsets.UTF_8).strip();
        if (!line.isEmpty()) {
          out.add(json.readValue(line, Message.class));
        }
        start = i + 1;
      }
    }
    return new Batch(out, start);
  }

  /**
   * What {@code reader} has not been shown yet. Each reader's cursor (a byte offset) lives beside
   * the mailbox in {@code mailbox.<reader>.cursor}, so the append-only file is never rewritten
   * and a reader that starts again (a new chat) continues where the last one stopped.
   */
  public Batch unread(String reader) throws IOException {
    long cursor = cursor(reader);
    // A mailbox shorter than the cursor was replaced (run recreated): read it from the start.
    long size = Files.exists(file) ? Files.size(file) : 0;
    return since(cursor > size ? 0 : cursor);
  }

  /** Records that {@code reader} has been shown everything before {@code offset}. */
  public void markRead(String reader, long offset) throws IOException {
    if (offset == cursor(reader)) {
      return; // nothing new: no write, and no run directory for a planning chat's empty mailbox
    }
    Path cursor = cursorFile(reader);
    Files.createDirectories(cursor.getParent());
    Path tmp = cursor.resolveSibling(cursor.getFileName() + ".tmp");
    Files.writeString(tmp, Long.toString(offset), StandardCharsets.UTF_8);
    Files.move(tmp, cursor, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private long cursor(String reader) throws IOException {
    Path cursor = cursorFile(reader);
    if (!Files.exists(cursor)) {
      return 0;
    }
    String text = Files.readString(cursor, StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? 0 : Long.parseLong(text);
  }

  private Path cursorFile(String reader) {
    if (!reader.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("reader names are [a-z0-9-]+: " + reader);
    }
    return file.resolveSibling(file.getFileName().toString().replaceFirst("\\.jsonl$", "")
        + "." + reader + ".cursor");
  }

  /**
   * The standing hold, or null: the last hold not followed by a release. A hold an agent set
   * (not {@code "person"}) is advisory and says so, so nobody reads it as the person's word.
   */
  public String hold() throws IOException {
    String hold = null;
    for (Message m : all()) {
      if ("hold".equals(m.kind())) {
        hold = "person".equals(m.from()) ? m.text()
            : "advisory, set by the " + m.from() + " agent: " + m.text();
      } else if ("release".equals(m.kind())) {
        hold = null;
      }
    }
    return hold;
  }
}
