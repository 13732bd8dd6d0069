package dev.babysitter.tools.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real supervisor.sh (under /bin/sh) in a temporary instance directory; shared by the
 * supervisor's test classes, one per feature, so none of them grows past reading size.
 */
abstract class SupervisorScriptBase {

    static final ObjectMapper JSON = new ObjectMapper();
    // only a bound for a failure to show: a healthy supervisor answers within a tick or two (0.3 s here), but a shell
    // loop that forks a few dozen processes a tick can stall for over 30 s when both cores are saturated (stress-ng
    // and two Maven builds beside the test: control/fix was not taken in 30 s once)
    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    Path repo;
    Path home;
    Path out;
    Path work;
    Process supervisor;
    final List<Long> groups = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        repo = repoRoot();
        home = Files.createDirectories(tmp.resolve("home"));
        out = tmp.resolve("out");
        work = Files.createDirectories(tmp.resolve("work"));
    }

    @AfterEach
    void killLeftovers() throws Exception {
        // The trainer, setup and sync run in their own sessions: killing the supervisor alone
        // would orphan them.
        for (String pidFile : List.of("trainer.pid", "setup.pid", "sync.pid")) {
            Path file = home.resolve(pidFile);
            if (Files.exists(file)) {
                String pid = Files.readString(file).trim();
                if (!pid.isEmpty()) {
                    groups.add(Long.parseLong(pid));
                }
            }
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

    String trainCmd(int steps, String extraArgs) {
        return "python3 '" + trainer() + "' --steps " + steps + " --out '" + out + "' --ckpt-every 5"
                + " --step-time 0.05 " + extraArgs;
    }

    SupervisorConfig config(String trainCmd, long finalStep) {
        SupervisorConfig base = SupervisorConfig.of("tiny", trainCmd, work, out, finalStep, home.resolve("train.log"));
        return new SupervisorConfig(base.runName(), base.trainCmd(), base.workDir(), base.outputRoot(),
                base.checkpointDir(), base.checkpointPrefix(), base.completeMarker(), base.finalStep(),
                base.logFile(), 2, 600, 600, 300, 1, "", repo.resolve("examples/trainer/bin").toString(),
                Map.of("TICK_S", "0.3")); // a faster loop than the 1 s default keeps the class short
    }

    void start(SupervisorConfig cfg) throws IOException {
        cfg.writeTo(home);
        Path script = SupervisorScript.installInto(tmp.resolve("bin"));
        // setsid: the supervisor leads its own group, as on the instance, so cleanup can kill it whole.
        supervisor = new ProcessBuilder("setsid", "sh", script.toString(), home.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("supervisor.out").toFile()).start();
    }

    Path trainer() {
        return repo.resolve("examples/trainer/train.py");
    }

    int waitForExit() throws Exception {
        assertThat(supervisor.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("supervisor exits; state %s", Files.exists(home.resolve("state.json")) ? state() : null)
                .isTrue();
        return supervisor.exitValue();
    }

    JsonNode waitForState(Predicate<JsonNode> condition) throws Exception {
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

    void waitForEvent(String kind) throws Exception {
        waitForState(s -> {
            try {
                return kinds().contains(kind);
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Waits until at least {@code count} events of this kind are written, and returns them all. */
    List<JsonNode> waitForEvents(String kind, int count) throws Exception {
        waitForState(s -> {
            try {
                return eventsOf(kind).size() >= count;
            } catch (IOException e) {
                return false;
            }
        });
        return eventsOf(kind);
    }

    List<JsonNode> eventsOf(String kind) throws IOException {
        return events().stream().filter(e -> e.get("event").asText().equals(kind)).toList();
    }

    /** Writes a control file and waits until the supervisor has taken it. */
    void controlTaken(String name, String content) throws Exception {
        control(name, content);
        Path file = home.resolve("control/" + name);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (Files.exists(file)) {
            assertThat(System.nanoTime()).as("control/%s taken", name).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** An executable sh script in the temporary directory. */
    Path script(String name, String body) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    void control(String name, String content) throws IOException {
        Path tmpFile = home.resolve("control/." + name + ".tmp");
        Files.writeString(tmpFile, content);
        Files.move(tmpFile, home.resolve("control/" + name));
    }

    JsonNode state() throws IOException {
        return JSON.readTree(home.resolve("state.json").toFile());
    }

    List<JsonNode> events() throws IOException {
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

    List<String> kinds() throws IOException {
        return events().stream().map(e -> e.get("event").asText()).toList();
    }

    String log() throws IOException {
        return Files.readString(home.resolve("train.log"));
    }

    String attemptLog(int attempt) throws IOException {
        String log = log();
        int at = log.indexOf("=== babysitter attempt " + attempt + " ===");
        assertThat(at).as("attempt %d in the log", attempt).isNotNegative();
        return log.substring(at);
    }

    static Path repoRoot() {
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
