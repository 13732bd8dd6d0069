package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedCodeTest {
  @TempDir Path tree;

  @Test
  void filesAndDirectoriesTravelUnderCodeWithoutGitOrBytecode() throws Exception {
    Files.createDirectories(tree.resolve("trainer/__pycache__"));
    Files.createDirectories(tree.resolve("trainer/.git"));
    Files.writeString(tree.resolve("trainer/train.py"), "print('hi')\n");
    Files.writeString(tree.resolve("trainer/util.py"), "X = 1\n");
    Files.writeString(tree.resolve("trainer/__pycache__/util.cpython-311.pyc"), "junk");
    Files.writeString(tree.resolve("trainer/.git/HEAD"), "ref");
    Files.writeString(tree.resolve("requirements.txt"), "numpy\n");

    ShippedCode.Bundle b = ShippedCode.collect(tree, List.of("trainer", "requirements.txt"));

    assertThat(b.problems()).isEmpty();
    assertThat(b.files()).containsOnlyKeys("code/requirements.txt", "code/trainer/train.py",
        "code/trainer/util.py");
    assertThat(new String(b.files().get("code/trainer/train.py"))).isEqualTo("print('hi')\n");
  }

  @Test
  void aMissingPathOrTooMuchCodeIsAProblemAndNothingShips() throws Exception {
    Files.write(tree.resolve("weights.bin"), new byte[(int) ShippedCode.MAX_BYTES + 1]);

    assertThat(ShippedCode.collect(tree, List.of("nope.py")).problems()).singleElement()
        .asString().contains("nope.py is not in the work tree");
    ShippedCode.Bundle big = ShippedCode.collect(tree, List.of("weights.bin"));
    assertThat(big.problems()).singleElement().asString().contains("put the code in the image");
    assertThat(big.files()).isEmpty();
  }
}
