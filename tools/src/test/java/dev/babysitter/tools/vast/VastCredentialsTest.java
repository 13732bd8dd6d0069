package dev.babysitter.tools.vast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VastCredentialsTest {
  @TempDir Path home;

  private Path write(String relative, String text) throws Exception {
    Path file = home.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  @Test
  void resolvesInTheSdkOrderAndRemembersTheSource() throws Exception {
    Path explicit = write("keys/mine", "key-from-file\n");
    write(".config/vastai/vast_api_key", "key-from-config");
    write(".vast_api_key", "key-from-legacy");
    Map<String, String> env = Map.of("VAST_API_KEY", "key-from-env");

    VastCredentials c1 = VastCredentials.resolve(Optional.of(explicit), env, home);
    VastCredentials c2 = VastCredentials.resolve(Optional.empty(), env, home);
    VastCredentials c3 = VastCredentials.resolve(Optional.empty(), Map.of(), home);
    Files.delete(home.resolve(".config/vastai/vast_api_key"));
    VastCredentials c4 = VastCredentials.resolve(Optional.empty(), Map.of("VAST_API_KEY", " "),
        home);

    assertThat(c1.bearer()).isEqualTo("Bearer key-from-file");
    assertThat(c1.source()).isEqualTo("--api-key-file " + explicit);
    assertThat(c2.bearer()).isEqualTo("Bearer key-from-env");
    assertThat(c2.source()).isEqualTo("env VAST_API_KEY");
    assertThat(c3.bearer()).isEqualTo("Bearer key-from-config");
    assertThat(c3.source()).endsWith(".config/vastai/vast_api_key");
    assertThat(c4.bearer()).isEqualTo("Bearer key-from-legacy");
    assertThat(c4.source()).endsWith(".vast_api_key");
    for (VastCredentials c : new VastCredentials[] {c1, c2, c3, c4}) {
      assertThat(c.toString()).doesNotContain("key-from").contains(c.source());
    }
  }

  @Test
  void aMissingExplicitFileIsAnErrorNotAFallThrough() {
    VastException e = catchThrowableOfType(VastException.class, () -> VastCredentials.resolve(
        Optional.of(home.resolve("nope")), Map.of("VAST_API_KEY", "key-from-env"), home));
    assertThat(e.kind()).isEqualTo(VastException.Kind.AUTH);
    assertThat(e.getMessage()).contains("--api-key-file", "nope").doesNotContain("key-from-env");
  }

  @Test
  void noKeyAnywhereListsWhatWasTried() {
    VastException e = catchThrowableOfType(VastException.class,
        () -> VastCredentials.resolve(Optional.empty(), Map.of(), home));
    assertThat(e.getMessage()).contains("VAST_API_KEY", ".config/vastai/vast_api_key",
        ".vast_api_key");
  }

  @Test
  void redactRemovesTheKey() {
    VastCredentials c = VastCredentials.of("abc123secret", "test");
    assertThat(c.redact("url?api_key=abc123secret&x=1")).isEqualTo("url?api_key=<redacted>&x=1");
  }
}
