package dev.babysitter.agent.session;

import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.StatusLine;
import java.time.Duration;

/** What one check produced: the status line, when to check next, and whether the run ended. */
public record CheckOutcome(StatusLine status, Assessment assessment, Duration next,
    boolean finished) {}
