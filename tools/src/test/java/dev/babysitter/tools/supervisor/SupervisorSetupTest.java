package dev.babysitter.tools.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The spec's setup step against the real supervisor.sh: once, before attempt 1, in WORK_DIR. */
final class SupervisorSetupTest extends SupervisorScriptBase {

    @Test
    void setupRunsOnceInTheWorkDirBeforeAttemptOne() throws Exception {
        // The trainer needs what setup made; setup waits for a file so its state can be seen.
        String setup = "echo preparing; while [ ! -f go ]; do sleep 0.1; done; touch prepared";
        String cmd = "test -f prepared && echo ready && " + trainCmd(10, "--faults crash@7:once");
        start(config(cmd, 10).withSetup(setup));

        JsonNode during = waitForState(s -> s.get("state").asText().equals("setup"));
        assertThat(during.get("attempt").asInt()).isZero();
        assertThat(during.get("trainer_pid").isNull()).isTrue();
        waitForState(s -> readHeartbeat() > 0);
        long beat = readHeartbeat();
        waitForState(s -> readHeartbeat() > beat); // alive and beating while setup runs
        Files.writeString(work.resolve("go"), "");

        waitForState(s -> s.get("awaiting").asText().equals("decision"));
        control("relaunch", "");

        assertThat(waitForExit()).isZero();
        assertThat(kinds()).containsSubsequence("setup", "setup_done", "start", "exit", "failed", "retry",
                "start", "exit", "done").containsOnlyOnce("setup");
        assertThat(Files.readString(home.resolve("setup.log"))).containsOnlyOnce("preparing");
        assertThat(log()).contains("ready");
        assertThat(home.resolve("setup.pid")).doesNotExist();
    }

    @Test
    void failedSetupEndsTheSupervisorFailedWithItsStatusAndLastLines() throws Exception {
        String setup = "echo cloning; echo 'fatal: repository not found' >&2; exit 128";
        start(config(trainCmd(10, ""), 10).withSetup(setup));

        assertThat(waitForExit()).isEqualTo(4);

        JsonNode state = state();
        assertThat(state.get("state").asText()).isEqualTo("failed");
        assertThat(state.get("exit_code").asInt()).isEqualTo(128);
        JsonNode failed = eventsOf("setup_failed").get(0);
        assertThat(failed.get("exit_code").asInt()).isEqualTo(128);
        assertThat(failed.get("detail").asText()).contains("status 128", "cloning", "fatal: repository not found");
        assertThat(kinds()).containsExactly("setup", "setup_failed").doesNotContain("start");
        assertThat(home.resolve("train.log")).doesNotExist();
        assertThat(home.resolve("supervisor.pid")).doesNotExist();
    }

    @Test
    void stopDuringSetupEndsSetupAndSupervisor() throws Exception {
        start(config(trainCmd(10, ""), 10).withSetup("sleep 60"));
        // state.json says "setup" a moment before setup.pid exists: wait for the pid itself.
        Path setupPid = home.resolve("setup.pid");
        waitForState(s -> s.get("state").asText().equals("setup") && Files.exists(setupPid));
        long pid = Long.parseLong(Files.readString(setupPid).trim());
        assertThat(ProcessHandle.of(pid)).isPresent();

        control("stop", "");

        assertThat(waitForExit()).isZero();
        assertThat(state().get("state").asText()).isEqualTo("stopped");
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(kinds()).doesNotContain("start");
    }

    @Test
    void aRestartedSupervisorDoesNotRunSetupAgain() throws Exception {
        // state.json of a supervisor that already ran attempt 1: setup belongs to before it.
        Files.writeString(home.resolve("state.json"), "{\"state\":\"failed\",\"attempt\":1}\n");
        start(config("exit 0", 0).withSetup("echo ran > setup-ran"));

        waitForState(s -> s.get("attempt").asInt() == 2);
        assertThat(work.resolve("setup-ran")).doesNotExist();
        assertThat(kinds()).doesNotContain("setup");
    }

    private long readHeartbeat() {
        try {
            return Long.parseLong(Files.readString(home.resolve("heartbeat")).trim());
        } catch (Exception e) {
            return 0;
        }
    }

    @Test
    void aCommandWhoseProgramDoesNotResolveIsASetupFailureNotACrash() throws Exception {
        start(config("FOO=1 nosuchpython train.py --steps 5", 5));

        assertThat(waitForExit()).isEqualTo(4);
        JsonNode state = state();
        assertThat(state.get("state").asText()).isEqualTo("failed");
        assertThat(state.get("exit_code").asInt()).isEqualTo(127);
        assertThat(state.get("reason").asText()).contains("'nosuchpython' is not found");
        assertThat(kinds()).containsExactly("setup_failed").doesNotContain("start");
        assertThat(log()).contains("'nosuchpython' is not found");
    }

    @Test
    void shellSyntaxAndRelativeScriptsInTheWorkDirAreLeftToTheShell() throws Exception {
        Path local = work.resolve("run.sh");
        Files.writeString(local, "#!/bin/sh\nexit 0\n");
        local.toFile().setExecutable(true);
        start(config("./run.sh", 0));
        waitForEvent("exit");
        assertThat(kinds()).doesNotContain("setup_failed");
    }
}
