package dev.babysitter.tools.supervisor;

import dev.babysitter.tools.checkpoint.CheckpointLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The keys of {@code supervisor.env} (docs/instance-layout.md). {@code extra} holds further
 * {@code KEY=value} pairs the trainer or the fixes read, e.g. {@code PIP_INSTALL_CMD},
 * {@code OOM_REDUCE_EVAL_BATCH}, {@code EVAL_BATCH_SIZE}, and the optional run steps
 * {@link #SETUP_CMD} and {@link #SYNC_CMD} (kept in {@code extra} so that every place that copies
 * a config carries them without knowing about them).
 */
public record SupervisorConfig(
        String runName,
        String trainCmd,
        String workDir,
        String outputRoot,
        String checkpointDir,
        String checkpointPrefix,
        String completeMarker,
        long finalStep,
        String logFile,
        int maxAutoFixes,
        long autoDestroyAfterS,
        long leaseTimeoutS,
        long staleAfterS,
        long heartbeatS,
        String destroyCmd,
        String extraPath,
        Map<String, String> extra) {

    private static final Pattern KEY = Pattern.compile("[A-Z_][A-Z0-9_]*");

    /** Run once with {@code sh -c} in the work dir before attempt 1; output in setup.log. */
    public static final String SETUP_CMD = "SETUP_CMD";
    /**
     * Run in the background after each new complete checkpoint; {@code {checkpoint}} and
     * {@code {step}} become the quoted arguments "$1" and "$2" of {@code sh -c}.
     */
    public static final String SYNC_CMD = "SYNC_CMD";

    public SupervisorConfig {
        Objects.requireNonNull(trainCmd, "trainCmd");
        destroyCmd = destroyCmd == null ? "" : destroyCmd;
        extraPath = extraPath == null ? "" : extraPath;
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        for (String key : extra.keySet()) {
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("not a shell variable name: " + key);
            }
        }
    }

    /** Defaults from the contract for everything but the run's own paths and command. */
    public static SupervisorConfig of(String runName, String trainCmd, Path workDir, Path outputRoot,
                                      long finalStep, Path logFile) {
        return new SupervisorConfig(runName, trainCmd, workDir.toString(), outputRoot.toString(),
                outputRoot.resolve("checkpoints").toString(), "step-", "metadata.json", finalStep,
                logFile.toString(), 2, 86_400, 1_800, 300, 5, "", "", Map.of());
    }

    public SupervisorConfig withExtra(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(extra);
        merged.putAll(more);
        return new SupervisorConfig(runName, trainCmd, workDir, outputRoot, checkpointDir, checkpointPrefix,
                completeMarker, finalStep, logFile, maxAutoFixes, autoDestroyAfterS, leaseTimeoutS, staleAfterS,
                heartbeatS, destroyCmd, extraPath, merged);
    }

    /** With the run's checkpoint layout: directory, kind, marker and name pattern. */
    public SupervisorConfig withCheckpointLayout(CheckpointLayout layout) {
        Map<String, String> env = layout.env();
        Map<String, String> merged = new LinkedHashMap<>(extra);
        merged.put("CHECKPOINT_LAYOUT", env.get("CHECKPOINT_LAYOUT"));
        merged.put("CHECKPOINT_REGEX", env.get("CHECKPOINT_REGEX"));
        return new SupervisorConfig(runName, trainCmd, workDir, outputRoot, env.get("CHECKPOINT_DIR"),
                env.get("CHECKPOINT_PREFIX"), env.get("COMPLETE_MARKER"), finalStep, logFile, maxAutoFixes,
                autoDestroyAfterS, leaseTimeoutS, staleAfterS, heartbeatS, destroyCmd, extraPath, merged);
    }

    /** With a setup command; null or blank leaves the config as it is. */
    public SupervisorConfig withSetup(String command) {
        return command == null || command.isBlank() ? this : withExtra(Map.of(SETUP_CMD, command));
    }

    /** With a checkpoint sync command template; null or blank leaves the config as it is. */
    public SupervisorConfig withSync(String template) {
        return template == null || template.isBlank() ? this : withExtra(Map.of(SYNC_CMD, template));
    }

    /** The file's text: one {@code KEY='value'} line per key, safe to source with any value. */
    public String toEnvFile() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("RUN_NAME", runName);
        values.put("TRAIN_CMD", trainCmd);
        values.put("WORK_DIR", workDir);
        values.put("OUTPUT_ROOT", outputRoot);
        values.put("CHECKPOINT_DIR", checkpointDir);
        values.put("CHECKPOINT_PREFIX", checkpointPrefix);
        values.put("COMPLETE_MARKER", completeMarker);
        values.put("FINAL_STEP", Long.toString(finalStep));
        values.put("LOG_FILE", logFile);
        values.put("MAX_AUTO_FIXES", Integer.toString(maxAutoFixes));
        values.put("AUTO_DESTROY_AFTER_S", Long.toString(autoDestroyAfterS));
        values.put("LEASE_TIMEOUT_S", Long.toString(leaseTimeoutS));
        values.put("STALE_AFTER_S", Long.toString(staleAfterS));
        values.put("HEARTBEAT_S", Long.toString(heartbeatS));
        values.put("DESTROY_CMD", destroyCmd);
        values.put("EXTRA_PATH", extraPath);
        values.putAll(extra);
        StringBuilder out = new StringBuilder();
        values.forEach((k, v) -> out.append(k).append('=').append(quote(v == null ? "" : v)).append('\n'));
        return out.toString();
    }

    /**
     * Writes {@code supervisor.env} into the instance directory and returns its path. The file
     * holds the run's tokens (the spec's env), so on a POSIX file system it is owner-only (0600)
     * from the moment it exists: a temp file created with that mode, then renamed over the old
     * one (which also replaces a 0644 file an older version left behind).
     */
    public Path writeTo(Path home) {
        Path tmp = null;
        try {
            Files.createDirectories(home);
            Path file = home.resolve("supervisor.env");
            boolean posix = Files.getFileStore(home).supportsFileAttributeView(PosixFileAttributeView.class);
            tmp = posix
                    ? Files.createTempFile(home, ".supervisor.env", ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(home, ".supervisor.env", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(toEnvFile().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray owner-only temp file is harmless
                }
            }
        }
    }

    /** POSIX single quoting: nothing inside '...' is special except ' itself, written as '\''. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
