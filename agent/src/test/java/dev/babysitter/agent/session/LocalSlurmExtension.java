package dev.babysitter.agent.session;

import dev.babysitter.tools.provider.slurm.LocalSlurm;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a private one-host Slurm ({@link LocalSlurm}), started once per JVM and shared by
 * every test class that uses it (the root store closes it when the JVM's tests end); skips them
 * with one line when Slurm is not installed. Tests take it as a {@code LocalSlurm} parameter.
 */
public final class LocalSlurmExtension implements ParameterResolver,
    org.junit.jupiter.api.extension.BeforeAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    cluster(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalSlurm.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return cluster(context);
  }

  private static LocalSlurm cluster(ExtensionContext context) {
    String missing = LocalSlurm.missing();
    org.junit.jupiter.api.Assumptions.assumeTrue(missing == null, missing);
    ExtensionContext.Store store = context.getRoot().getStore(
        ExtensionContext.Namespace.create(LocalSlurmExtension.class));
    return store.getOrComputeIfAbsent("cluster", k -> new Running(start()), Running.class).slurm;
  }

  private static LocalSlurm start() {
    try {
      return LocalSlurm.start(Path.of("/tmp"), Duration.ofSeconds(90));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("could not start a private Slurm: " + e.getMessage(), e);
    }
  }

  /** Closed by JUnit with the root context, after the last test of this JVM. */
  private record Running(LocalSlurm slurm)
      implements AutoCloseable {
    @Override
    public void close() {
      slurm.close();
    }
  }
}
