package dev.babysitter.tools.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** control/fix against the real supervisor.sh: the whitelist, the budget, and when a fix lands. */
final class SupervisorFixChannelTest extends SupervisorScriptBase {

    /** Fails at once, so the supervisor waits for a decision with no trainer running. */
    private static final String FAILS = "echo \"FOO=${FOO:-unset}\"; exit 7";

    @Test
    void pipInstallGetsThePackageSpecAsOneArgument() throws Exception {
        Path args = tmp.resolve("pip.args");
        Path pip = script("fakepip", "printf '%s\\n' \"$#\" \"$@\" > '" + args + "'");
        start(config(FAILS, 20).withExtra(Map.of("PIP_INSTALL_CMD", pip.toString())));
        waitForState(s -> s.get("awaiting").asText().equals("decision"));

        controlTaken("fix", "pip_install\ntorch>=2.1\n");

        JsonNode fix = waitForEvents("fix", 1).get(0);
        assertThat(fix.get("detail").asText()).isEqualTo("control/fix pip_install: " + pip + " torch>=2.1: ok");
        // One argument, unchanged: ">=" never became a redirection.
        assertThat(Files.readAllLines(args)).containsExactly("1", "torch>=2.1");
        assertThat(Files.readString(home.resolve("fixes.log"))).contains(pip + " torch>=2.1");
        JsonNode state = waitForState(s -> s.get("fixes_used").asInt() == 1);
        assertThat(state.get("last_fix").asText()).isEqualTo("pip install torch>=2.1");
        assertThat(state.get("attempt").asInt()).as("a fix alone starts no attempt").isEqualTo(1);
    }

    @Test
    void shellInjectionIsRefusedAndNothingRuns() throws Exception {
        Path args = tmp.resolve("pip.args");
        Path pip = script("fakepip", "printf '%s\\n' \"$@\" >> '" + args + "'");
        Path pwned = tmp.resolve("pwned");
        start(config(FAILS, 20).withExtra(Map.of("PIP_INSTALL_CMD", pip.toString())));
        waitForState(s -> s.get("awaiting").asText().equals("decision"));
        List<String> attacks = List.of(
                "pip_install\nnumpy; touch " + pwned + "\n",
                "pip_install\n$(touch " + pwned + ")\n",
                "pip_install\n`touch " + pwned + "`\n",
                "pip_install\nnumpy\ntouch " + pwned + "\n",
                "env\nFOO=$(touch " + pwned + ")\n",
                "env\nFOO=x'; touch " + pwned + "; '\n",
                "env\nPATH=" + tmp + "\n",
                "env\nLD_PRELOAD=" + pwned + "\n",
                "prune_caches\n; touch " + pwned + "\n",
                "sh\ntouch " + pwned + "\n");

        for (String attack : attacks) {
            controlTaken("fix", attack);
        }

        List<JsonNode> ignored = waitForEvents("ignored", attacks.size());
        assertThat(ignored).hasSize(attacks.size())
                .allSatisfy(e -> assertThat(e.get("detail").asText()).contains("refused"));
        assertThat(ignored.get(6).get("detail").asText()).contains("env key PATH is reserved");
        assertThat(ignored.get(9).get("detail").asText()).contains("unknown fix kind");
        assertThat(kinds()).doesNotContain("fix", "fix_queued");
        assertThat(pwned).doesNotExist();
        assertThat(work.resolve("x")).doesNotExist();
        assertThat(args).as("the pip command never ran").doesNotExist();
        assertThat(home.resolve("fix.env")).doesNotExist();
        assertThat(state().get("fixes_used").asInt()).isZero();
    }

    @Test
    void envFixSentWhileRunningIsQueuedAndReachesOnlyTheNextAttempt() throws Exception {
        // Attempt 1 waits for a file, so the fix surely arrives while it runs.
        String cmd = "echo \"FOO=${FOO:-unset}\"; while [ ! -f release ]; do sleep 0.1; done; exit 3";
        start(config(cmd, 20));
        waitForState(s -> s.get("state").asText().equals("running") && !s.get("trainer_pid").isNull());

        controlTaken("fix", "env\nFOO=bar baz\n");
        waitForEvents("fix_queued", 1);
        Files.writeString(work.resolve("release"), "");
        waitForState(s -> s.get("awaiting").asText().equals("decision"));
        assertThat(kinds()).as("queued, not applied while attempt 1 ran").doesNotContain("fix");

        control("relaunch", "");

        waitForState(s -> s.get("attempt").asInt() == 2 && s.get("awaiting").asText().equals("decision"));
        assertThat(kinds()).containsSubsequence("fix_queued", "exit", "failed", "retry", "fix", "start");
        assertThat(eventsOf("fix").get(0).get("detail").asText())
                .isEqualTo("control/fix env: FOO=bar baz exported to every later attempt: ok");
        assertThat(log()).contains("FOO=unset");
        assertThat(attemptLog(2)).contains("FOO=bar baz");
        assertThat(Files.readString(home.resolve("fix.env"))).isEqualTo("FOO=bar baz\n");
    }

    @Test
    void aRelaunchVariableWinsOverAnEnvFix() throws Exception {
        start(config(FAILS, 20));
        waitForState(s -> s.get("awaiting").asText().equals("decision"));
        controlTaken("fix", "env\nFOO=from-fix\n");
        waitForEvents("fix", 1);

        control("relaunch", "FOO=from-relaunch\n");

        waitForState(s -> s.get("attempt").asInt() == 2 && s.get("awaiting").asText().equals("decision"));
        assertThat(attemptLog(2)).contains("FOO=from-relaunch");
    }

    @Test
    void fixesShareTheAutoFixBudgetAndPruneKeepsCheckpoints() throws Exception {
        Path fakeHome = Files.createDirectories(tmp.resolve("userhome/.cache/pip"));
        Path ckpt = Files.createDirectories(out.resolve("checkpoints/step-3"));
        Files.writeString(ckpt.resolve("metadata.json"), "{\"step\": 3}");
        start(config(FAILS, 20).withExtra(Map.of("HOME", fakeHome.getParent().getParent().toString(),
                "PRUNE_TMP_DIR", "")));
        waitForState(s -> s.get("awaiting").asText().equals("decision"));
        Files.createDirectories(work.resolve(".cache/hf"));

        controlTaken("fix", "prune_caches\n\n");
        controlTaken("fix", "env\nA=1\n");
        controlTaken("fix", "env\nB=2\n");

        JsonNode spent = waitForEvents("ignored", 1).get(0);
        assertThat(spent.get("detail").asText()).contains("env B=2", "auto-fix budget spent");
        List<JsonNode> fixes = eventsOf("fix");
        assertThat(fixes).hasSize(2);
        assertThat(fixes.get(0).get("detail").asText()).contains("pruned caches", work.resolve(".cache").toString());
        assertThat(work.resolve(".cache")).doesNotExist();
        assertThat(fakeHome).doesNotExist();
        assertThat(ckpt.resolve("metadata.json")).exists();
        assertThat(Files.readString(home.resolve("fix.env"))).isEqualTo("A=1\n");
        assertThat(Files.readString(home.resolve("fixes.log"))).contains("prune caches", "env A=1");
        assertThat(waitForState(s -> s.get("fixes_used").asInt() == 2).get("max_auto_fixes").asInt()).isEqualTo(2);
    }
}
