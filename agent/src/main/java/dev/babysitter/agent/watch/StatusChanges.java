package dev.babysitter.agent.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which status lines are worth a line on screen: the first of each run, any that says something
 * new (phase, attempt, step, action, alerts, instance), and otherwise one every
 * {@link #HEARTBEAT} so a quiet screen still shows the babysitter alive. A run waiting for its
 * DRI is checked every few seconds and would otherwise fill the terminal with the same line.
 * The clock, cost and next-check fields change at every check and do not count.
 */
public final class StatusChanges {
  public static final Duration HEARTBEAT = Duration.ofMinutes(10);

  private record Key(String state, int attempt, Long step, String action, List<String> alerts,
      String instance) {}

  private record Shown(Key key, Instant at) {}

  private final Map<String, Shown> shown = new HashMap<>();
  private final Duration heartbeat;

  public StatusChanges() {
    this(HEARTBEAT);
  }

  public StatusChanges(Duration heartbeat) {
    this.heartbeat = heartbeat;
  }

  /** Whether to print {@code line}; remembers it when so. */
  public boolean worthPrinting(StatusLine line) {
    Key key = new Key(line.state(), line.attempt(), line.step(), line.action(),
        line.alerts() == null ? List.of() : List.copyOf(line.alerts()), line.instance());
    Shown last = shown.get(line.run());
    boolean print = last == null || !Objects.equals(last.key(), key)
        || !line.at().isBefore(last.at().plus(heartbeat));
    if (print) {
      shown.put(line.run(), new Shown(key, line.at()));
    }
    return print;
  }
}
