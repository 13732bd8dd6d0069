package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandProgramTest {
  @TempDir Path work;

  @Test
  void aMissingProgramIsNamedBeforeAnythingStarts() {
    assertThat(CommandProgram.unresolved("nosuchpython train.py", work, "/usr/bin:/bin"))
        .hasValueSatisfying(p -> assertThat(p).contains("nosuchpython").contains("PATH"));
    assertThat(CommandProgram.unresolved("CUDA_VISIBLE_DEVICES=0 nosuchtorchrun x", work,
        "/usr/bin:/bin")).isPresent();
  }

  @Test
  void programsOnPathScriptsInTheWorkDirAndShellSyntaxPass() throws Exception {
    assertThat(CommandProgram.unresolved("sh -c 'exit 0'", work, "/usr/bin:/bin")).isEmpty();
    assertThat(CommandProgram.unresolved("A=1 B=2 sh x", work, "/usr/bin:/bin")).isEmpty();
    assertThat(CommandProgram.unresolved("cd sub && python3 x.py", work, "")).isEmpty();
    assertThat(CommandProgram.unresolved("\"$HOME/bin/train\" --x", work, "")).isEmpty();
    Path script = work.resolve("run.sh");
    Files.writeString(script, "#!/bin/sh\n");
    assertThat(CommandProgram.unresolved("./run.sh", work, "")).isPresent(); // not executable
    script.toFile().setExecutable(true);
    assertThat(CommandProgram.unresolved("./run.sh", work, "")).isEmpty();
  }
}
