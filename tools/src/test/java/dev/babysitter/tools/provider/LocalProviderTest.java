package dev.babysitter.tools.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.tools.supervisor.SupervisorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: the real supervisor.sh around a trainer that only sleeps. */
class LocalProviderTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path tmp;
  private LocalProvider provider;
  private LaunchRequest request;
  private final List<Instance> launched = new ArrayList<>();
  private final Set<Long> groups = new HashSet<>();

  @BeforeEach
  void setUp() throws Exception {
    provider = new LocalProvider(tmp.resolve("instances"));
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path out = tmp.resolve("out");
    SupervisorConfig config = SupervisorConfig.of("lp", "sleep 30", work, out, 100,
        out.resolve("train.log"));
    request = new LaunchRequest("lp", config, Map.of("notes/readme.txt", "hi".getBytes()));
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (Instance i : launched) {
      try {
        provider.destroy(i);
      } catch (Exception e) {
        // fall through to the hard kill below
      }
    }
    for (long pgid : groups) {
      if (pgid > 1) {
        new ProcessBuilder("kill", "-s", "KILL", "--", "-" + pgid).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  private Instance launch() throws Exception {
    Instance i = provider.launch(request);
    launched.add(i);
    Path home = Path.of(i.home());
    groups.add(readPid(home.resolve("supervisor.pid")));
    waitFor(() -> Files.exists(home.resolve("trainer.pid")), "trainer.pid");
    groups.add(readPid(home.resolve("trainer.pid")));
    return i;
  }

  private static long readPid(Path file) throws Exception {
    return Long.parseLong(Files.readString(file).strip());
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static void waitFor(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /** Supervisor processes for this instance: the script's own sh, not its forked subshells. */
  private static List<ProcessHandle> supervisors(Path home) {
    String script = home.resolve("supervisor.sh").toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(script)).orElse(false))
        .filter(p -> p.parent().flatMap(pp -> pp.info().commandLine())
            .map(c -> !c.contains(script)).orElse(true))
        .toList();
  }

  @Test
  void launchStartsTheSupervisorAndTheTrainer() throws Exception {
    Instance i = launch();
    Path home = Path.of(i.home());

    assertThat(i.runName()).isEqualTo("lp");
    assertThat(i.provider()).isEqualTo("local");
    assertThat(home).isEqualTo(provider.homeOf("lp"));
    assertThat(home.resolve("supervisor.env")).exists();
    assertThat(home.resolve("notes/readme.txt")).hasContent("hi");
    assertThat(provider.state(i)).isEqualTo(InstanceState.RUNNING);
    assertThat(alive(readPid(home.resolve("supervisor.pid")))).isTrue();
    assertThat(alive(readPid(home.resolve("trainer.pid")))).isTrue();
    assertThat(provider.find("lp")).map(Instance::id).contains(i.id());
    assertThat(provider.find("other")).isEmpty();
  }

  @Test
  void aSecondLaunchReturnsTheSameInstanceWithoutADuplicate() throws Exception {
    Instance first = launch();
    long supervisorPid = readPid(Path.of(first.home()).resolve("supervisor.pid"));

    Instance second = provider.launch(request);

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(readPid(Path.of(first.home()).resolve("supervisor.pid"))).isEqualTo(supervisorPid);
    assertThat(supervisors(Path.of(first.home()))).extracting(ProcessHandle::pid)
        .containsExactly(supervisorPid);
  }

  @Test
  void destroyKillsTheSupervisorAndTheTrainersGroupAndTheStateGoesToGone() throws Exception {
    Instance i = launch();
    Path home = Path.of(i.home());
    long supervisor = readPid(home.resolve("supervisor.pid"));
    long trainer = readPid(home.resolve("trainer.pid"));
    Set<Long> tree = new HashSet<>(List.of(supervisor, trainer));
    ProcessHandle.of(trainer).ifPresent(t -> t.descendants().forEach(d -> tree.add(d.pid())));
    assertThat(provider.state(i)).isEqualTo(InstanceState.RUNNING);

    provider.destroy(i);

    waitFor(() -> tree.stream().noneMatch(LocalProviderTest::alive), "the process tree to end");
    assertThat(provider.state(i)).isEqualTo(InstanceState.GONE);
    assertThat(provider.find("lp")).isEmpty();
    assertThat(supervisors(home)).isEmpty();
  }

  @Test
  void destroyIsIdempotent() throws Exception {
    Instance i = launch();

    provider.destroy(i);
    provider.destroy(i);

    assertThat(provider.state(i)).isEqualTo(InstanceState.GONE);
  }

  @Test
  void aLaunchAfterDestroyStartsAFreshInstance() throws Exception {
    Instance first = launch();
    Optional<ProcessHandle> old = ProcessHandle.of(readPid(Path.of(first.home())
        .resolve("supervisor.pid")));
    provider.destroy(first);
    if (old.isPresent()) {
      old.get().onExit().get(10, TimeUnit.SECONDS);
    }

    Instance second = launch();

    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(provider.state(second)).isEqualTo(InstanceState.RUNNING);
  }
}
