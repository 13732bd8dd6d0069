package dev.babysitter.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One torn or unreadable record names its file and leaves every other run readable. */
class RunStoreCorruptionTest {
  private static RunRecord record(String name, String phase) {
    RunRecord r = new RunRecord();
    r.runName = name;
    r.phase = phase;
    return r;
  }

  @Test
  void aTruncatedRecordNamesItsFileAndHidesNoOtherRun(@TempDir Path dir) throws Exception {
    RunStore store = new RunStore(dir);
    store.save(record("alpha", "running"));
    store.save(record("beta", "running"));
    store.save(record("gamma", "done"));
    Path beta = store.dirOf("beta").resolve("record.json");
    byte[] whole = Files.readAllBytes(beta);
    Files.write(beta, java.util.Arrays.copyOf(whole, whole.length / 2));

    RunStore.Listing listing = new RunStore(dir).list();

    assertThat(listing.records()).extracting(r -> r.runName).containsExactly("alpha", "gamma");
    assertThat(listing.unreadable()).singleElement().satisfies(u -> {
      assertThat(u.runName()).isEqualTo("beta");
      assertThat(u.file()).isEqualTo(beta);
      assertThat(u.getMessage()).contains(beta.toString()).doesNotContain("\n");
    });
    assertThatThrownBy(() -> store.load("beta")).isInstanceOf(UnreadableRecordException.class)
        .hasMessageContaining(beta.toString());
    assertThat(store.load("alpha")).isPresent();
  }

  @Test
  void emptyAndBinaryRecordsAreUnreadableNotFatal(@TempDir Path dir) throws Exception {
    RunStore store = new RunStore(dir);
    for (String name : List.of("empty", "binary", "wrongtype", "ok")) {
      store.save(record(name, "running"));
    }
    Files.write(store.dirOf("empty").resolve("record.json"), new byte[0]);
    Files.write(store.dirOf("binary").resolve("record.json"), new byte[] {0, (byte) 0xff, 7, '{'});
    Files.writeString(store.dirOf("wrongtype").resolve("record.json"), "[1,2,3]");

    RunStore.Listing listing = store.list();

    assertThat(listing.records()).extracting(r -> r.runName).containsExactly("ok");
    assertThat(listing.unreadable()).extracting(UnreadableRecordException::runName)
        .containsExactly("binary", "empty", "wrongtype");
  }

  @Test
  void saveLeavesNoTempFileAndReplacesTheRecordWhole(@TempDir Path dir) throws Exception {
    RunStore store = new RunStore(dir);
    RunRecord r = record("tiny", "running");
    for (int i = 0; i < 50; i++) {
      r.history.add("entry " + i);
      store.save(r);
    }
    try (var files = Files.list(store.dirOf("tiny"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("record.json");
    }
    assertThat(store.load("tiny").orElseThrow().history).hasSize(50);
  }

  @Test
  void aFailedSaveKeepsTheOldRecord(@TempDir Path dir) throws Exception {
    RunStore store = new RunStore(dir);
    RunRecord r = record("tiny", "running");
    store.save(r);
    Path runDir = store.dirOf("tiny");
    // A directory where the temp file goes: the write fails as on a full or broken disk.
    Files.createDirectory(runDir.resolve("record.json.tmp"));
    r.phase = "done";

    assertThatThrownBy(() -> store.save(r)).isInstanceOf(java.io.IOException.class);

    assertThat(store.load("tiny").orElseThrow().phase).isEqualTo("running");
  }
}
