package dev.babysitter.tools.logbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogbookTest {
  private static final String SECRET = "sk-abcdefghijklmnopqrstuv";
  private static final UnaryOperator<String> MASK = s -> s.replaceAll("sk-[A-Za-z0-9]{20,}", "sk-***");

  @TempDir Path dir;

  private static Map<String, String> map(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private Logbook created() {
    Logbook book = new Logbook(dir.resolve("logbooks/tiny.md"), MASK);
    book.create("tiny", map("DRI", "alice", "Goal", "loss < 2.0", "Issue", "local://1"));
    return book;
  }

  @Test
  void createWritesTheTemplateInOrder() {
    Logbook book = created();
    assertThat(book.exists()).isTrue();
    assertThat(book.text()).isEqualTo("""
        # tiny: Run Logbook

        ## Run Contract

        - DRI: alice
        - Goal: loss < 2.0
        - Issue: local://1

        ## Launched Instances

        ## Event Log

        ## Final Seal

        """);
    assertThat(book.sealed()).isFalse();
    assertThat(book.eventHeadings()).isEmpty();
  }

  @Test
  void createRefusesAnExistingFile() {
    Logbook book = created();
    assertThatThrownBy(() -> book.create("again", Map.of()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void instancesAndEventsLandAtTheEndOfTheirSections() {
    Logbook book = created();
    book.appendEvent("2025-01-01 10:00 UTC - launch", map("Status", "running"));
    book.addInstance("2025-01-01 10:00 UTC - i-1", map("Git SHA", "abc"));
    book.addInstance("2025-01-01 11:00 UTC - i-2", map("Git SHA", "def"));
    book.appendEvent("2025-01-01 11:00 UTC - relaunch", map("Decision", "relaunch"));
    String t = book.text();
    int instances = t.indexOf("## Launched Instances");
    int events = t.indexOf("## Event Log");
    int seal = t.indexOf("## Final Seal");
    assertThat(t.indexOf("### 2025-01-01 10:00 UTC - i-1")).isBetween(instances, events);
    assertThat(t.indexOf("### 2025-01-01 11:00 UTC - i-2"))
        .isBetween(t.indexOf("i-1"), events);
    assertThat(t.indexOf("### 2025-01-01 10:00 UTC - launch")).isBetween(events, seal);
    assertThat(t.indexOf("### 2025-01-01 11:00 UTC - relaunch"))
        .isBetween(t.indexOf("- launch"), seal);
    assertThat(t).contains("### 2025-01-01 11:00 UTC - i-2\n- Git SHA: def\n\n## Event Log");
    assertThat(book.eventHeadings())
        .containsExactly("2025-01-01 10:00 UTC - launch", "2025-01-01 11:00 UTC - relaunch");
  }

  @Test
  void everyOperationKeepsEveryEarlierLineInOrder() {
    Logbook book = created();
    List<Runnable> ops = List.of(
        () -> book.addInstance("i-1", map("Command", "python train.py --lr 3e-4")),
        () -> book.appendEvent("alert", map("Evidence", "line one\nline two")),
        () -> book.appendEvent("decision", map("Decision", "relaunch", "Next", "")),
        () -> book.addInstance("i-2", map("Command", "python train.py --resume")),
        () -> book.seal(map("Final step", "2000", "Caveats", "none")));
    List<String> before = lines(book);
    for (Runnable op : ops) {
      op.run();
      List<String> after = lines(book);
      assertThat(after.size()).isGreaterThan(before.size());
      assertIsSubsequence(before, after);
      before = after;
    }
  }

  @Test
  void sealIsOnceAndFinal() {
    Logbook book = created();
    book.seal(map("Final step", "2000"));
    assertThat(book.sealed()).isTrue();
    assertThat(book.text()).endsWith("## Final Seal\n\n- Final step: 2000\n");
    assertThatThrownBy(() -> book.seal(map("Final step", "3000")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> book.appendEvent("late", map("Status", "x")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(book.text()).doesNotContain("3000").doesNotContain("late");
  }

  @Test
  void multiLineValuesBecomeAnIndentedFenceThatCannotBeClosedEarly() {
    Logbook book = created();
    String tail = "Traceback (most recent call last):\n  File \"x.py\"\n```\n## Event Log\n\nboom";
    book.appendEvent("crash", map("Evidence", tail, "Next", "relaunch"));
    String t = book.text();
    assertThat(t).contains("""
        ### crash
        - Evidence:
          ````
          Traceback (most recent call last):
            File "x.py"
          ```
          ## Event Log

          boom
          ````
        - Next: relaunch
        """);
    // The forged section header is indented, so the real sections are still found.
    assertThat(book.eventHeadings()).containsExactly("crash");
    book.appendEvent("after", map("Status", "ok"));
    assertThat(book.eventHeadings()).containsExactly("crash", "after");
  }

  @Test
  void backticksAndPipesStayVerbatimOnOneLine() {
    Logbook book = created();
    book.addInstance("i-1", map("Command", "`python train.py | tee log` && echo \"a|b\""));
    assertThat(book.text()).contains("- Command: `python train.py | tee log` && echo \"a|b\"\n");
  }

  @Test
  void headingsWithNewlinesCannotForgeStructure() {
    Logbook book = created();
    book.appendEvent("evil\n## Final Seal\nsealed", map("Status", "x"));
    assertThat(book.sealed()).isFalse();
    assertThat(book.eventHeadings()).containsExactly("evil ## Final Seal sealed");
  }

  @Test
  void scrubberIsAppliedToEverythingWritten() {
    Logbook book = new Logbook(dir.resolve("s.md"), MASK);
    book.create("run " + SECRET, map("Command", "train --key " + SECRET));
    book.addInstance("i " + SECRET, map("Env", "A=1\nOPENAI_API_KEY=" + SECRET));
    book.appendEvent("e", map(SECRET, "x " + SECRET));
    book.seal(map("Caveats", SECRET));
    assertThat(book.text()).doesNotContain(SECRET).contains("sk-***");
    assertThat(book.text()).contains("- Command: train --key sk-***", "  OPENAI_API_KEY=sk-***");
  }

  @Test
  void writesLeaveNoTempFilesBehind() throws Exception {
    Logbook book = created();
    book.appendEvent("e", map("Status", "ok"));
    try (var files = Files.list(dir.resolve("logbooks"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("tiny.md");
    }
  }

  private static List<String> lines(Logbook book) {
    return Arrays.asList(book.text().split("\n", -1));
  }

  private static void assertIsSubsequence(List<String> earlier, List<String> later) {
    int j = 0;
    for (String line : earlier) {
      while (j < later.size() && !later.get(j).equals(line)) {
        j++;
      }
      assertThat(j).as("line '%s' kept in order", line).isLessThan(later.size());
      j++;
    }
  }
}
