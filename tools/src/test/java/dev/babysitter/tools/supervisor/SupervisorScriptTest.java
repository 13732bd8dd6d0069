package dev.babysitter.tools.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the real supervisor.sh (under /bin/sh) around the real fake trainer, with tiny step counts. */
final class SupervisorScriptTest extends SupervisorScriptBase {

    @Test
    void healthyRunEndsDoneWithCompleteFinalCheckpoint() throws Exception {
        start(config(trainCmd(20, ""), 20));

        assertThat(waitForExit()).isZero();
        assertThat(home.resolve("DONE")).exists();
        assertThat(state().get("state").asText()).isEqualTo("done");
        assertThat(out.resolve("checkpoints/step-20/metadata.json")).exists();
        assertThat(home.resolve("heartbeat")).exists();
        assertThat(kinds()).containsExactly("start", "exit", "done");
        assertThat(log()).contains("=== babysitter attempt 1 ===", "Saving model checkpoint to");

        // A second start on a finished run changes nothing.
        start(config(trainCmd(20, ""), 20));
        assertThat(waitForExit()).isZero();
        assertThat(kinds()).containsExactly("start", "exit", "done");
    }

    @Test
    void crashWaitsForDecisionThenRelaunchResumesAndFinishes() throws Exception {
        start(config(trainCmd(20, "--faults crash@12:once"), 20));

        JsonNode failed = waitForState(s -> s.get("state").asText().equals("failed"));
        assertThat(failed.get("awaiting").asText()).isEqualTo("decision");
        assertThat(failed.get("exit_code").asInt()).isEqualTo(1);
        assertThat(events()).anySatisfy(e -> {
            assertThat(e.get("event").asText()).isEqualTo("exit");
            assertThat(e.get("exit_code").asInt()).isEqualTo(1);
        });
        assertThat(home.resolve("DONE")).doesNotExist();
        assertThat(log()).contains("torch.distributed.DistBackendError: NCCL error");

        // RESUME_FROM is exported to the new attempt: it picks step-5 over the newer step-10.
        Path step5 = out.resolve("checkpoints/step-5");
        control("relaunch", "RESUME_FROM=" + step5 + "\n");

        assertThat(waitForExit()).isZero();
        assertThat(home.resolve("DONE")).exists();
        assertThat(kinds()).containsSubsequence("failed", "retry", "start", "exit", "done");
        assertThat(attemptLog(2)).contains("Resuming from checkpoint " + step5 + " (global step 5)");
        assertThat(state().get("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void plainRelaunchResumesFromNewestCompleteCheckpoint() throws Exception {
        start(config(trainCmd(20, "--faults crash@12:once"), 20));
        waitForState(s -> s.get("awaiting").asText().equals("decision"));

        control("relaunch", "");

        assertThat(waitForExit()).isZero();
        assertThat(attemptLog(2)).contains("Resuming from checkpoint " + out.resolve("checkpoints/step-10")
                + " (global step 10)");
    }

    @Test
    void missingModuleIsFixedOnceAndRunFinishes() throws Exception {
        start(config(trainCmd(20, "--faults missing_module@0:once"), 20)
                .withExtra(Map.of("PIP_INSTALL_CMD", "true")));

        assertThat(waitForExit()).isZero();
        List<JsonNode> fixes = events().stream().filter(e -> e.get("event").asText().equals("fix")).toList();
        assertThat(fixes).hasSize(1);
        assertThat(fixes.get(0).get("detail").asText()).contains("flash_attn", "flash-attn", "ok");
        assertThat(home.resolve("DONE")).exists();
        assertThat(state().get("attempt").asInt()).isEqualTo(2);
        assertThat(Files.readString(home.resolve("fixes.log"))).contains("true flash-attn");
    }

    @Test
    void oomHalvesEvalBatchOnlyWhenAllowed() throws Exception {
        start(config(trainCmd(20, "--faults oom@3:once"), 20)
                .withExtra(Map.of("OOM_REDUCE_EVAL_BATCH", "1")));

        assertThat(waitForExit()).isZero();
        assertThat(events()).anySatisfy(e -> assertThat(e.get("detail").asText())
                .isEqualTo("CUDA OOM: EVAL_BATCH_SIZE 64 -> 32"));
        assertThat(attemptLog(2)).contains("Eval batch size = 32");
    }

    @Test
    void oomWithoutPermissionWaitsForDecision() throws Exception {
        start(config(trainCmd(20, "--faults oom@3"), 20));

        JsonNode failed = waitForState(s -> s.get("awaiting").asText().equals("decision"));
        assertThat(failed.get("reason").asText()).contains("OOM_REDUCE_EVAL_BATCH is off");
        assertThat(kinds()).doesNotContain("fix");
    }

    @Test
    void aNanLossInTheLogIsOneEventSoTheWatcherLooksAtOnce() throws Exception {
        start(config(trainCmd(20, "--faults nan@5"), 20));

        JsonNode nan = waitForEvents("nan", 1).get(0);
        assertThat(nan.get("detail").asText()).contains("NaN");
        assertThat(waitForExit()).isZero(); // the supervisor judges nothing: the watcher does
        assertThat(log()).containsIgnoringCase("nan");
        // Once per attempt, however many NaN lines follow, and after the attempt's start.
        assertThat(kinds()).containsSubsequence("start", "nan", "exit").containsOnlyOnce("nan");
    }

    @Test
    void hangBecomesStaleAndControlKillLeavesItAwaitingDecision() throws Exception {
        SupervisorConfig cfg = config(trainCmd(20, "--faults hang@5"), 20);
        start(new SupervisorConfig(cfg.runName(), cfg.trainCmd(), cfg.workDir(), cfg.outputRoot(),
                cfg.checkpointDir(), cfg.checkpointPrefix(), cfg.completeMarker(), cfg.finalStep(), cfg.logFile(),
                cfg.maxAutoFixes(), cfg.autoDestroyAfterS(), cfg.leaseTimeoutS(), 1, 1, "", cfg.extraPath(),
                cfg.extra()));

        // A silent log and an idle GPU (the hung trainer reports 0 %) make one stale event.
        waitForEvent("stale");
        JsonNode stale = waitForState(st -> st.get("gpu_idle").asBoolean()
                && st.get("log_age_s").asLong() > 1);
        long trainerPid = stale.get("trainer_pid").asLong();
        assertThat(ProcessHandle.of(trainerPid)).isPresent();
        assertThat(stale.get("killed").asBoolean()).isFalse();

        control("kill", "");

        JsonNode failed = waitForState(s -> s.get("awaiting").asText().equals("decision"));
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("exit_code").asInt()).isEqualTo(143);
        assertThat(failed.get("reason").asText()).contains("control/kill");
        assertThat(failed.get("killed").asBoolean()).as("the kill reached a live trainer").isTrue();
        assertThat(kinds()).containsSubsequence("stale", "killed", "exit", "failed").containsOnlyOnce("stale");
        assertThat(ProcessHandle.of(trainerPid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(home.resolve("control/kill")).doesNotExist();
    }

    /**
     * A kill sent for a stall the trainer had already ended by crashing (the watcher saw the exit
     * late): the supervisor says so, so the crash is judged by its own cause, not as a hang.
     */
    @Test
    void aKillThatArrivesAfterTheTrainerExitedLeavesItsOwnExit() throws Exception {
        start(config(trainCmd(20, "--faults crash@3"), 20));
        JsonNode failed = waitForState(s -> s.get("awaiting").asText().equals("decision"));
        assertThat(failed.get("killed").asBoolean()).isFalse();

        control("kill", "");

        waitForEvent("ignored");
        JsonNode after = state();
        assertThat(after.get("killed").asBoolean()).isFalse();
        assertThat(after.get("exit_code").asInt()).isEqualTo(1);
        assertThat(after.get("reason").asText()).doesNotContain("control/kill");
        assertThat(kinds()).doesNotContain("killed");
    }

    /** Started again on a parked instance: the failed attempt's kill is remembered with its exit. */
    @Test
    void aParkedInstanceStartedAgainKeepsWhetherTheTrainerWasKilled() throws Exception {
        Files.writeString(home.resolve("parked"), "");
        Files.writeString(home.resolve("state.json"), "{\"state\":\"failed\",\"attempt\":2,"
                + "\"exit_code\":143,\"reason\":\"exit 143: killed via control/kill\","
                + "\"killed\":true}\n");
        start(config(trainCmd(20, ""), 20));

        // The state.json written above has no "awaiting": the supervisor's own replaces it.
        JsonNode unparked = waitForState(s -> "decision".equals(s.path("awaiting").asText()));
        assertThat(unparked.get("attempt").asInt()).isEqualTo(2);
        assertThat(unparked.get("exit_code").asInt()).isEqualTo(143);
        assertThat(unparked.get("killed").asBoolean()).isTrue();
    }

    @Test
    void expiredLeaseFiresDeadManSwitch() throws Exception {
        SupervisorConfig cfg = config(trainCmd(1000, ""), 1000);
        Files.writeString(home.resolve("lease"), Long.toString(System.currentTimeMillis() / 1000 - 100));
        start(new SupervisorConfig(cfg.runName(), cfg.trainCmd(), cfg.workDir(), cfg.outputRoot(),
                cfg.checkpointDir(), cfg.checkpointPrefix(), cfg.completeMarker(), cfg.finalStep(), cfg.logFile(),
                cfg.maxAutoFixes(), cfg.autoDestroyAfterS(), 2, cfg.staleAfterS(), 1,
                "touch " + home.resolve("destroyed"), cfg.extraPath(), cfg.extra()));
        long trainerPid = waitForState(s -> s.get("state").asText().equals("running")
                && !s.get("trainer_pid").isNull()).get("trainer_pid").asLong();

        assertThat(waitForExit()).isEqualTo(3);
        assertThat(kinds()).contains("deadman");
        assertThat(state().get("state").asText()).isEqualTo("stopped");
        assertThat(state().get("reason").asText()).contains("lease expired");
        assertThat(home.resolve("destroyed")).exists();
        assertThat(ProcessHandle.of(trainerPid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(home.resolve("DONE")).doesNotExist();
    }

    @Test
    void exitZeroWithoutFinalCheckpointIsNotDone() throws Exception {
        start(config(trainCmd(10, ""), 20));

        JsonNode failed = waitForState(s -> s.get("awaiting").asText().equals("decision"));
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("exit_code").asInt()).isZero();
        assertThat(failed.get("reason").asText()).contains("step-20", "metadata.json");
        assertThat(home.resolve("DONE")).doesNotExist();
    }

    @Test
    void stopEndsSupervisorAndTrainer() throws Exception {
        start(config(trainCmd(1000, ""), 1000));
        long trainerPid = waitForState(s -> !s.get("trainer_pid").isNull()).get("trainer_pid").asLong();

        control("stop", "");

        assertThat(waitForExit()).isZero();
        assertThat(state().get("state").asText()).isEqualTo("stopped");
        assertThat(ProcessHandle.of(trainerPid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void lowDiskPrunesCachesButNeverCheckpoints() throws Exception {
        Path cache = Files.createDirectories(work.resolve(".cache/hf"));
        Files.writeString(cache.resolve("blob"), "x");
        Path ckpt = Files.createDirectories(out.resolve("checkpoints/step-3"));
        Files.writeString(ckpt.resolve("metadata.json"), "{\"step\": 3}");
        Path fakeHome = Files.createDirectories(tmp.resolve("userhome/.cache/pip"));
        // Fails with ENOSPC once, then succeeds without a final checkpoint (no trainer needed).
        String cmd = "if [ -f once ]; then exit 0; fi; touch once; "
                + "echo 'OSError: [Errno 28] No space left on device'; exit 1";
        start(config(cmd, 20).withExtra(Map.of("HOME", fakeHome.getParent().getParent().toString(),
                "PRUNE_TMP_DIR", "")));

        waitForState(s -> s.get("awaiting").asText().equals("decision"));
        assertThat(kinds()).containsOnlyOnce("fix");
        assertThat(work.resolve(".cache")).doesNotExist();
        assertThat(fakeHome).doesNotExist();
        assertThat(ckpt.resolve("metadata.json")).exists();
    }

    @Test
    void detailsWithQuotesAndBackslashesStayValidJson() throws Exception {
        start(config("echo 'boom'; exit 7", 20));
        waitForState(s -> s.get("awaiting").asText().equals("decision"));
        Files.writeString(home.resolve("control/relaunch"), "NOTE=a \"quoted\" \\ value\n");

        waitForState(s -> s.get("attempt").asInt() == 2 && s.get("awaiting").asText().equals("decision"));
        assertThat(events()).anySatisfy(e -> assertThat(e.get("detail").asText())
                .isEqualTo("control/relaunch: NOTE=a \"quoted\" \\ value"));
        assertThat(events()).allSatisfy(e -> assertThat(e.get("ts").asLong()).isPositive());
    }

    @Test
    void trainerResumesFromNewestCompleteCheckpointNumerically() throws Exception {
        Path ckpts = Files.createDirectories(out.resolve("checkpoints"));
        for (int step : new int[] {9, 10, 11}) {
            Path dir = Files.createDirectories(ckpts.resolve("step-" + step));
            Files.writeString(dir.resolve("state.json"), "{\"step\": " + step + "}");
            if (step != 11) { // step-11 is a save that was cut short
                Files.writeString(dir.resolve("metadata.json"), "{\"step\": " + step + ", \"loss\": 2.0}");
            }
        }
        Process p = new ProcessBuilder("python3", trainer().toString(), "--steps", "12", "--out", out.toString(),
                "--step-time", "0.01").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).isZero();
        assertThat(output).contains("Resuming from checkpoint " + ckpts.resolve("step-10") + " (global step 10)");
        assertThat(output).doesNotContain(" 9/12 ");
        assertThat(ckpts.resolve("step-12/metadata.json")).exists();
    }

    @Test
    void trainerRefusesIncompleteResumeFrom() throws Exception {
        Path partial = Files.createDirectories(out.resolve("checkpoints/step-4"));
        Process p = new ProcessBuilder("python3", trainer().toString(), "--steps", "6", "--out", out.toString(),
                "--resume-from", partial.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(output).contains("no metadata.json");
    }

    @Test
    void envFileQuotesSurviveSh() throws Exception {
        String nasty = "it's $(echo pwned) `x` \"q\" \\ ;";
        SupervisorConfig cfg = SupervisorConfig.of("r", nasty, work, out, 5, home.resolve("train.log"));
        Path env = cfg.writeTo(home);
        Process p = new ProcessBuilder("sh", "-c", ". \"$1\"; printf '%s' \"$TRAIN_CMD\"", "sh", env.toString())
                .start();
        String echoed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).isZero();
        assertThat(echoed).isEqualTo(nasty);
        assertThat(SupervisorScript.text()).startsWith("#!/bin/sh");
    }
}
