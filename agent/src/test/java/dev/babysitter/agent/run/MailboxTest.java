package dev.babysitter.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailboxTest {
  static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
  @TempDir Path dir;

  Mailbox mailbox() {
    return new Mailbox(dir.resolve("runs/tiny/mailbox.jsonl"), s -> s.replace("hunter22", "***"));
  }

  @Test
  void should_keep_a_cursor_per_reader_across_instances() throws Exception {
    // given: two messages, the chat reads them
    Mailbox first = mailbox();
    first.post(new Mailbox.Message(NOW, "babysitter", "note", "killed the NaN trainer"));
    first.post(new Mailbox.Message(NOW, "babysitter", "note", "relaunch escalated"));
    Mailbox.Batch read = first.unread("chat");
    first.markRead("chat", read.offset());
    byte[] before = Files.readAllBytes(first.file());

    // when: a third arrives and a new process opens the mailbox
    first.post(new Mailbox.Message(NOW, "babysitter", "note", "relaunched from step-10"));
    Mailbox second = mailbox();

    // then: the chat sees only the new one, another reader sees all, and the mailbox itself was
    // only appended to
    assertThat(read.messages()).hasSize(2);
    assertThat(second.unread("chat").messages()).extracting(Mailbox.Message::text)
        .containsExactly("relaunched from step-10");
    assertThat(second.unread("status").messages()).hasSize(3);
    byte[] after = Files.readAllBytes(second.file());
    assertThat(new String(after, 0, before.length, StandardCharsets.UTF_8))
        .isEqualTo(new String(before, StandardCharsets.UTF_8));
    assertThat(dir.resolve("runs/tiny/mailbox.chat.cursor")).exists();
  }

  @Test
  void should_leave_a_half_written_line_unread_and_read_it_once_complete() throws Exception {
    Mailbox box = mailbox();
    box.post(new Mailbox.Message(NOW, "babysitter", "note", "one"));
    Files.writeString(box.file(), "{\"from\":\"babysitter\",\"kind\":\"note\",\"te",
        StandardOpenOption.APPEND);
    Mailbox.Batch batch = box.unread("chat");
    box.markRead("chat", batch.offset());
    Files.writeString(box.file(), "xt\":\"two\"}\n", StandardOpenOption.APPEND);

    assertThat(batch.messages()).extracting(Mailbox.Message::text).containsExactly("one");
    assertThat(box.unread("chat").messages()).extracting(Mailbox.Message::text)
        .containsExactly("two");
  }

  @Test
  void should_start_over_when_the_mailbox_was_replaced() throws Exception {
    Mailbox box = mailbox();
    box.post(new Mailbox.Message(NOW, "babysitter", "note",
        "an old run's long note " + "x".repeat(200)));
    box.markRead("chat", box.unread("chat").offset());
    Files.delete(box.file());
    box.post(new Mailbox.Message(NOW, "babysitter", "note", "new run"));

    assertThat(box.unread("chat").messages()).extracting(Mailbox.Message::text)
        .containsExactly("new run");
  }

  @Test
  void should_write_nothing_when_there_is_nothing_new() throws Exception {
    Mailbox box = mailbox();

    box.markRead("chat", box.unread("chat").offset());

    assertThat(dir.resolve("runs/tiny")).doesNotExist();
  }

  @Test
  void should_scrub_what_is_posted_and_refuse_odd_reader_names() throws Exception {
    Mailbox box = mailbox();
    box.post(new Mailbox.Message(NOW, "person", "hold", "password hunter22"));

    assertThat(Files.readString(box.file())).doesNotContain("hunter22");
    assertThatThrownBy(() -> box.markRead("../x", 0)).isInstanceOf(
        IllegalArgumentException.class);
  }
}
