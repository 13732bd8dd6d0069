package dev.babysitter.tools.checkpoint;

import java.time.Instant;

/** One checkpoint directory as seen on the instance. */
public record Checkpoint(String name, String path, long step, boolean complete, Instant modified) {}
