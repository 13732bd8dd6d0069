package dev.babysitter.tools.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHubTokenTest {
  static final String HOST = GitHubToken.DEFAULT_HOST;
  @TempDir Path home;

  void hostsYml(String yaml) throws Exception {
    Path f = home.resolve(".config/gh/hosts.yml");
    Files.createDirectories(f.getParent());
    Files.writeString(f, yaml);
  }

  @Test
  void githubTokenWinsOverGhTokenWhichWinsOverGhConfig() throws Exception {
    hostsYml("github.com:\n    oauth_token: gho_fromfile\n    user: alice\n");
    assertThat(GitHubToken.find(Map.of("GITHUB_TOKEN", "ghp_a", "GH_TOKEN", "ghp_b"), home, HOST))
        .contains(new GitHubToken("ghp_a", "GITHUB_TOKEN", null));
    assertThat(GitHubToken.find(Map.of("GITHUB_TOKEN", "  ", "GH_TOKEN", "ghp_b\n"), home, HOST))
        .contains(new GitHubToken("ghp_b", "GH_TOKEN", null));
    assertThat(GitHubToken.find(Map.of(), home, HOST)).contains(
        new GitHubToken("gho_fromfile", "token from ~/.config/gh/hosts.yml", "alice"));
  }

  @Test
  void readsTheMultiAccountLayoutForTheActiveUser() throws Exception {
    hostsYml("""
        github.com:
            users:
                bob:
                    oauth_token: gho_bob
                alice:
                    oauth_token: gho_alice
            git_protocol: https
            user: alice
        ghe.acme.dev:
            oauth_token: gho_enterprise
            user: alice-acme
        """);
    assertThat(GitHubToken.find(Map.of(), home, HOST).map(GitHubToken::value)).contains("gho_alice");
    assertThat(GitHubToken.find(Map.of(), home, "ghe.acme.dev"))
        .contains(new GitHubToken("gho_enterprise", "token from ~/.config/gh/hosts.yml", "alice-acme"));
  }

  @Test
  void picksASingleAccountWithoutActiveUserButNeverGuessesBetweenTwo() throws Exception {
    hostsYml("github.com:\n  users:\n    carol:\n      oauth_token: gho_carol\n");
    assertThat(GitHubToken.find(Map.of(), home, HOST))
        .contains(new GitHubToken("gho_carol", "token from ~/.config/gh/hosts.yml", "carol"));
    hostsYml("github.com:\n  users:\n    carol:\n      oauth_token: gho_c\n"
        + "    dave:\n      oauth_token: gho_d\n");
    assertThat(GitHubToken.find(Map.of(), home, HOST)).isEmpty();
  }

  @Test
  void keyringOnlyConfigHasNoTokenAndTheErrorSaysWhereItLooked() throws Exception {
    // What current gh writes when the token lives in the system keyring.
    hostsYml("github.com:\n    users:\n        alice:\n    git_protocol: https\n    user: alice\n");
    IssueTrackerException e = catchThrowableOfType(
        () -> GitHubToken.resolve(Map.of(), home, HOST), IssueTrackerException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("GITHUB_TOKEN").contains("GH_TOKEN")
        .contains("~/.config/gh/hosts.yml").contains("gh auth token");
  }

  @Test
  void honoursGhConfigDirAndXdgConfigHome() throws Exception {
    Path custom = home.resolve("elsewhere");
    Files.createDirectories(custom);
    Files.writeString(custom.resolve("hosts.yml"), "github.com:\n  oauth_token: gho_custom\n");
    assertThat(GitHubToken.find(Map.of("GH_CONFIG_DIR", custom.toString()), home, HOST))
        .contains(new GitHubToken("gho_custom", "token from ~/elsewhere/hosts.yml", null));
    Path xdg = home.resolve("xdg/gh");
    Files.createDirectories(xdg);
    Files.writeString(xdg.resolve("hosts.yml"), "github.com:\n  oauth_token: gho_xdg\n");
    assertThat(GitHubToken.find(Map.of("XDG_CONFIG_HOME", home.resolve("xdg").toString()), home,
        HOST).map(GitHubToken::value)).contains("gho_xdg");
  }

  @Test
  void missingOrBrokenConfigMeansNoToken() throws Exception {
    assertThat(GitHubToken.find(Map.of(), home, HOST)).isEmpty();
    hostsYml("github.com: [oauth_token: gho_secretvalue\n  : : :");
    Optional<GitHubToken> t = GitHubToken.find(Map.of(), home, HOST);
    assertThat(t).isEmpty();
    IssueTrackerException e = catchThrowableOfType(
        () -> GitHubToken.resolve(Map.of(), home, HOST), IssueTrackerException.class);
    assertThat(e.getMessage()).doesNotContain("gho_secretvalue");
  }

  @Test
  void toStringNeverShowsTheValue() {
    GitHubToken t = new GitHubToken("ghp_verysecret0123456789", "GITHUB_TOKEN", "bot");
    assertThat(t.toString()).doesNotContain("ghp_verysecret0123456789").contains("GITHUB_TOKEN");
  }
}
