package dev.babysitter.tools.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real supervisor.sh (under /bin/sh) around the real fake trainer, with tiny step counts. */
final class SupervisorScriptTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private Path repo;
    private Path home;
    private Path out;
    private Path work;
    private Process supervisor;
    private final List<Long> groups = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        repo = repoRoot();
        home = Files.createDirectories(tmp.resolve("home"));
        out = tmp.resolve("out");
        work = Files.createDirectories(tmp.resolve("work"));
    }

    @AfterEach
    void killLeftovers() throws Exception {
        // The trainer runs in its own session, so killing the supervisor alone would orphan it.
        Path trainerPid = home.resolve("trainer.pid");
        if (Files.exists(trainerPid)) {
            groups.add(Long.parseLong(Files.readString(trainerPid).trim()));
        }
        if (supervisor != null) {
            groups.add(supervisor.pid());
            supervisor.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        for (long pgid : groups) {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        }
        if (supervisor != null) {
            supervisor.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

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
    void hangBecomesStaleAndControlKillLeavesItAwaitingDecision() throws Exception {
        SupervisorConfig cfg = config(trainCmd(20, "--faults hang@5"), 20);
        start(new SupervisorConfig(cfg.runName(), cfg.trainCmd(), cfg.workDir(), cfg.outputRoot(),
                cfg.checkpointDir(), cfg.checkpointPrefix(), cfg.completeMarker(), cfg.finalStep(), cfg.logFile(),
                cfg.maxAutoFixes(), cfg.autoDestroyAfterS(), cfg.leaseTimeoutS(), 1, 1, "", cfg.extraPath(),
                cfg.extra()));

        // Silent log and a frozen gpu_state (the fake nvidia-smi then reads 0 %) make one stale event.
        waitForEvent("stale");
        JsonNode stale = waitForState(st -> st.get("gpu_idle").asBoolean());
        assertThat(stale.get("log_age_s").asLong()).isGreaterThan(1);
        long trainerPid = stale.get("trainer_pid").asLong();
        assertThat(ProcessHandle.of(trainerPid)).isPresent();

        control("kill", "");

        JsonNode failed = waitForState(s -> s.get("awaiting").asText().equals("decision"));
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("exit_code").asInt()).isEqualTo(143);
        assertThat(failed.get("reason").asText()).contains("control/kill");
        assertThat(kinds()).containsSubsequence("stale", "killed", "exit", "failed").containsOnlyOnce("stale");
        assertThat(ProcessHandle.of(trainerPid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(home.resolve("control/kill")).doesNotExist();
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

    // --- helpers -------------------------------------------------------------------------------

    private String trainCmd(int steps, String extraArgs) {
        return "python3 '" + trainer() + "' --steps " + steps + " --out '" + out + "' --ckpt-every 5"
                + " --step-time 0.05 " + extraArgs;
    }

    private SupervisorConfig config(String trainCmd, long finalStep) {
        SupervisorConfig base = SupervisorConfig.of("tiny", trainCmd, work, out, finalStep, home.resolve("train.log"));
        return new SupervisorConfig(base.runName(), base.trainCmd(), base.workDir(), base.outputRoot(),
                base.checkpointDir(), base.checkpointPrefix(), base.completeMarker(), base.finalStep(),
                base.logFile(), 2, 600, 600, 300, 1, "", repo.resolve("examples/trainer/bin").toString(),
                Map.of("TICK_S", "0.3")); // a faster loop than the 1 s default keeps the class short
    }

    private void start(SupervisorConfig cfg) throws IOException {
        cfg.writeTo(home);
        Path script = SupervisorScript.installInto(tmp.resolve("bin"));
        // setsid: the supervisor leads its own group, as on the instance, so cleanup can kill it whole.
        supervisor = new ProcessBuilder("setsid", "sh", script.toString(), home.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("supervisor.out").toFile()).start();
    }

    private Path trainer() {
        return repo.resolve("examples/trainer/train.py");
    }

    private int waitForExit() throws Exception {
        assertThat(supervisor.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("supervisor exits; state %s", Files.exists(home.resolve("state.json")) ? state() : null)
                .isTrue();
        return supervisor.exitValue();
    }

    private JsonNode waitForState(Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            if (Files.exists(home.resolve("state.json"))) {
                last = state();
                if (condition.test(last)) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("state not reached; last state " + last + "\nevents " + events());
    }

    private void waitForEvent(String kind) throws Exception {
        waitForState(s -> {
            try {
                return kinds().contains(kind);
            } catch (IOException e) {
                return false;
            }
        });
    }

    private void control(String name, String content) throws IOException {
        Path tmpFile = home.resolve("control/." + name + ".tmp");
        Files.writeString(tmpFile, content);
        Files.move(tmpFile, home.resolve("control/" + name));
    }

    private JsonNode state() throws IOException {
        return JSON.readTree(home.resolve("state.json").toFile());
    }

    private List<JsonNode> events() throws IOException {
        Path file = home.resolve("events.jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            events.add(JSON.readTree(line)); // throws if the supervisor ever writes invalid JSON
        }
        return events;
    }

    private List<String> kinds() throws IOException {
        return events().stream().map(e -> e.get("event").asText()).toList();
    }

    private String log() throws IOException {
        return Files.readString(home.resolve("train.log"));
    }

    private String attemptLog(int attempt) throws IOException {
        String log = log();
        int at = log.indexOf("=== babysitter attempt " + attempt + " ===");
        assertThat(at).as("attempt %d in the log", attempt).isNotNegative();
        return log.substring(at);
    }

    private static Path repoRoot() {
        String prop = System.getProperty("babysitter.repoRoot");
        if (prop != null && Files.isDirectory(Paths.get(prop, "examples/trainer"))) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("examples/trainer"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (examples/trainer)");
    }
}
