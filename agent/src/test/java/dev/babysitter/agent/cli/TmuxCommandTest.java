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
    // --state: every window uses the same workspace
    for (List<String> step : TmuxCommand.create("babysitter-tiny", "babysitter", "tiny",
        "/tmp/my ws")) {
      assertThat(step.get(step.size() - 1)).contains("'tiny' --state '/tmp/my ws'");
    }
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

  @Test
  void should_run_the_launcher_by_absolute_path_from_a_path_without_it_and_clean_up_a_failed_attach(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    assumeTrue(run("tmux", "-V") == 0, "tmux not installed");
    // given: an install whose launcher is not on PATH, and a tmux server of the test's own
    java.nio.file.Path install = java.nio.file.Files.createDirectories(dir.resolve("install"));
    java.nio.file.Path launcher = install.resolve("babysitter");
    java.nio.file.Files.writeString(launcher, "#!/bin/sh\necho \"launcher ran: $*\"\n");
    launcher.toFile().setExecutable(true);
    java.nio.file.Path sockets = java.nio.file.Files.createDirectories(dir.resolve("tmux"));
    java.util.Map<String, String> env = new java.util.HashMap<>();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", dir.toString());
    env.put("SHELL", "/bin/sh");
    env.put("TMUX_TMPDIR", sockets.toString());
    try {
      // when: as the README's line runs it, detached (no terminal here)
      assertThat(tmux(env, install, "tiny", "--detach")).isZero();

      // then: every window ran the launcher, none says "command not found"
      for (String window : List.of("babysit", "chat")) {
        String pane = "";
        for (int i = 0; i < 100 && !pane.contains("launcher ran"); i++) {
          Thread.sleep(100);
          pane = output(env, "tmux", "capture-pane", "-p", "-t", "babysitter-tiny:" + window);
        }
        assertThat(pane).contains("launcher ran: " + window + " tiny")
            .doesNotContain("not found");
      }

      // when: attaching outside a terminal fails, the session it made is removed
      assertThat(tmux(env, install, "other")).isEqualTo(ExitCodes.FAILURE);
      assertThat(output(env, "tmux", "has-session", "-t", "babysitter-other"))
          .contains("can't find session");
    } finally {
      output(env, "tmux", "kill-server");
    }
  }

  private static int tmux(java.util.Map<String, String> env, java.nio.file.Path install,
      String... args) {
    TmuxCommand command = new TmuxCommand();
    command.env = env;
    command.installRoot = install;
    picocli.CommandLine cli = Main.handled(new picocli.CommandLine(command));
    cli.setErr(new java.io.PrintWriter(new java.io.StringWriter(), true));
    return cli.execute(args);
  }

  private static String output(java.util.Map<String, String> env, String... cmd)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
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
