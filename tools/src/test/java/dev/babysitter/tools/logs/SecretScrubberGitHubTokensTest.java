package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GitHub tokens planted in the text of an issue and its comments are masked when the caller
 * scrubs before posting: the unit half of the "secrets never reach any sink" test.
 */
class SecretScrubberGitHubTokensTest {
  // Real shapes: classic PAT/OAuth/server tokens are prefix + 36 base62 characters; fine-grained
  // PATs are github_pat_ + 22 + "_" + 59.
  static final String CLASSIC = "ghp_" + "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6";
  static final String OAUTH = "gho_" + "Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8";
  static final String ACTIONS = "ghs_" + "16C7e42F292c6912E7710c838347Ae178B4a";
  static final String FINE = "github_pat_" + "11ABCDEFG0aBcDeFgHiJkL" + "_"
      + "MnOpQrStUvWxYz0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ012345678";
  static final List<String> ALL = List.of(CLASSIC, OAUTH, ACTIONS, FINE);

  final SecretScrubber scrubber = new SecretScrubber(List.of());

  @Test
  void plantedTokensShapesAreRealistic() {
    assertThat(CLASSIC).hasSize(40);
    assertThat(OAUTH).hasSize(40);
    assertThat(ACTIONS).hasSize(40);
    assertThat(FINE).hasSize(93);
  }

  @Test
  void issueBodyWithSpecAndCommandIsMasked() {
    String body = """
        Run `hero-7b`, DRI @alice. Logbook: `logbook/runs/hero-7b.md`

        ```yaml
        command: torchrun train.py --config 7b.yaml --hf-token hf_notrelevant
        env:
          GITHUB_TOKEN: %s
          WANDB_MODE: online
        repo: https://x-access-token:%s@github.com/acme/train.git
        ```
        gh config had `oauth_token: %s`; CI used %s.
        """.formatted(CLASSIC, FINE, OAUTH, ACTIONS);
    String out = scrubber.scrub(body);
    assertThat(ALL).allSatisfy(t -> assertThat(out).doesNotContain(t));
    // What a reader needs survives.
    assertThat(out).contains("Run `hero-7b`, DRI @alice", "logbook/runs/hero-7b.md",
        "WANDB_MODE: online", "github.com/acme/train.git", "torchrun train.py");
  }

  @Test
  void commentBodiesWithTokensInLogTailsAreMasked() {
    String comment = "🤖 relaunch 2/3 failed: exit 128\n"
        + "```\n"
        + "+ curl -H 'Authorization: token " + CLASSIC + "' https://api.github.com/user\n"
        + "remote: Invalid username or token. (" + FINE + ")\n"
        + "export GH_TOKEN=" + OAUTH + "\n"
        + "push " + ACTIONS + " rejected\n"
        + "```";
    String out = scrubber.scrub(comment);
    assertThat(ALL).allSatisfy(t -> assertThat(out).doesNotContain(t));
    assertThat(out).startsWith("🤖 relaunch 2/3 failed: exit 128\n```\n").contains("token ***'")
        .contains("(github_pat_***)").contains("export GH_TOKEN=***").contains("push ghs_*** rejected");
  }

  @Test
  void aTokenWithoutAKnownPrefixIsMaskedWhenTheEnvironmentHoldsIt() {
    // Old 40-hex OAuth tokens and GitHub Enterprise tokens have no ghp_ prefix to match on.
    String hex = "4f2c9a7e1b3d5f6a8c0e2b4d6f8a0c2e4b6d8f0a";
    SecretScrubber fromEnv = SecretScrubber.fromEnvironment(Map.of(
        "GITHUB_TOKEN", hex, "GH_TOKEN", CLASSIC, "PATH", "/usr/bin"));
    String out = fromEnv.scrub("🤖 step 100 ok | used " + hex + " and " + CLASSIC + " in /usr/bin");
    assertThat(out).doesNotContain(hex).doesNotContain(CLASSIC).contains("/usr/bin");
    assertThat(scrubber.scrub("used " + hex)).as("without the env, a bare hex value looks like a sha")
        .contains(hex);
  }
}
