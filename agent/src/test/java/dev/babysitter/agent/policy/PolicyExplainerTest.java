package dev.babysitter.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PolicyExplainerTest {

  @Test
  void everyPolicyFileLoads() {
    for (String name : new String[] {"default", "demo", "hero"}) {
      Policy p = Policies.load(name);
      assertThat(p.name()).isEqualTo(name);
      assertThat(p.approvalTtl()).isPositive();
      assertThat(p.digestEvery()).isPositive();
    }
    Policy hero = Policies.load("hero");
    assertThat(hero.escalate().destructive()).isTrue();
    assertThat(hero.escalate().relaunch()).isTrue();
    assertThat(hero.retries().total()).isLessThan(Policies.defaults().retries().total());
    assertThat(Policies.defaults().digestEvery()).isEqualTo(Duration.ofHours(24));
    assertThat(Policies.defaults().approvalTtl()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void explainNamesEveryRuleWithItsNumbers() {
    String text = String.join("\n", PolicyExplainer.explain(Policies.defaults()));

    assertThat(text).contains("person-hold", "never-relaunch", "nan_loss", "resume_loss_mismatch",
        "retry-budget", "at most 6 relaunches", "nccl 3", "complete-checkpoint",
        "escalation-ladder", "delete-checkpoint", "seal-verified", "stall-kill-once",
        "spend-cap", "$5.00/h", "$500.00", "projected-cost", "synced-before-destroy",
        "strict-escalation: off", "destructive-rate", "expires after 1d", "every 1d",
        "differs from the lineage by more than 0.002", "20 steps past", "more than 1.0% above");
  }

  @Test
  void explainSaysHeroIsStrict() {
    String text = String.join("\n", PolicyExplainer.explain(Policies.load("hero")));

    assertThat(text).contains("every destructive action (kill, destroy, switch, delete) and "
        + "every relaunch needs the DRI");
  }

  @Test
  void guardExplainCommandPrintsThePolicy() {
    StringWriter out = new StringWriter();
    picocli.CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));

    int code = cli.execute("guard", "explain", "--policy", Policies.file("hero").toString());

    assertThat(code).isZero();
    assertThat(out.toString()).contains("Policy hero", "strict-escalation", "retry-budget");
  }

  @Test
  void guardExplainOnAMissingFileIsAUsageError() {
    StringWriter err = new StringWriter();
    picocli.CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int code = cli.execute("guard", "explain", "--policy", "/nonexistent/p.yaml");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("policy file not found");
  }
}
