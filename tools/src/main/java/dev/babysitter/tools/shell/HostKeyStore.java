package dev.babysitter.tools.shell;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the SSH host key of one instance is remembered between connections, as a SHA256
 * fingerprint ({@code SHA256:base64}, as {@code ssh-keygen -l} prints it). {@link SshShell}
 * trusts the first key it sees and records it here; a different key later is refused. One store
 * per instance: Vast's proxies reuse host:port across instances, so an address is no identity.
 */
public interface HostKeyStore {

  /** The recorded fingerprint, empty before first use. */
  Optional<String> recorded() throws IOException;

  /** Records the fingerprint seen on first use. */
  void record(String fingerprint) throws IOException;

  /** Whose key this is, for error messages, e.g. "run tiny-vast, instance 4242". */
  String describe();

  /** What a person does when the instance really was replaced, for the refusal message. */
  String howToForget();
}
