package dev.babysitter.tools.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The instance-side supervisor ({@code supervisor.sh}), shipped as a resource of this module. */
public final class SupervisorScript {

    /** File name the script is installed under; the contract refers to it by this name. */
    public static final String FILE_NAME = "supervisor.sh";

    private SupervisorScript() {
    }

    /** The script's text, as it is uploaded to an instance or installed locally. */
    public static String text() {
        try (InputStream in = SupervisorScript.class.getResourceAsStream(FILE_NAME)) {
            if (in == null) {
                throw new IllegalStateException("resource " + FILE_NAME + " is missing from the tools jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code supervisor.sh} into {@code dir} (created if needed), executable, and returns its path. */
    public static Path installInto(Path dir) {
        try {
            Files.createDirectories(dir);
            Path script = dir.resolve(FILE_NAME);
            Files.writeString(script, text(), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                // Non-POSIX file system: callers run it as "sh supervisor.sh" anyway.
                script.toFile().setExecutable(true);
            }
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
