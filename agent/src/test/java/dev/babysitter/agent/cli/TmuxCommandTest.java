package dev.babysitter.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TmuxCommandTest {
  @Test
  void should_build_babysit_status_and_chat_windows() {
    List<List<String>> steps = TmuxCommand.create("babysitter-tiny", "babysitter", "tiny");
    assertThat(steps).hasSize(3);
    assertThat(steps.get(0)).containsSequence("new-session", "-d", "-s", "babysitter-tiny");
    assertThat(steps.get(0).get(steps.get(0).size() - 1)).startsWith("babysitter babysit 'tiny'");
    assertThat(steps.get(1).get(steps.get(1).size() - 1)).contains("babysitter status 'tiny'");
    assertThat(steps.get(2).get(steps.get(2).size() - 1)).startsWith("babysitter chat 'tiny'");
    assertThat(TmuxCommand.session("a b;c")).isEqualTo("babysitter-a_b_c");
  }

  @Test
  void should_run_in_a_real_tmux_and_echo_the_chat_pane() throws Exception {
    assumeTrue(run("tmux", "-V") == 0, "tmux not installed");
    String session = "babysitter-test-" + ProcessHandle.current().pid();
    // "cat" stands in for babysitter (it fails on the word "chat"); the pane keeps a shell
    for (List<String> step : TmuxCommand.create(session, "cat", "tiny")) {
      assertThat(run(step.toArray(String[]::new))).isZero();
    }
    try {
      run("tmux", "send-keys", "-t", session + ":chat", "hello runner", "Enter");
      String pane = "";
      for (int i = 0; i < 50 && !pane.contains("hello runner"); i++) {
        Thread.sleep(100);
        pane = output("tmux", "capture-pane", "-p", "-t", session + ":chat");
      }
      assertThat(pane).contains("hello runner");
      assertThat(output("tmux", "list-windows", "-t", session, "-F", "#{window_name}"))
          .contains("babysit", "status", "chat");
    } finally {
      run("tmux", "kill-session", "-t", session);
    }
  }

  private static int run(String... cmd) throws IOException, InterruptedException {
    return new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor();
  }

  private static String output(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }
}
