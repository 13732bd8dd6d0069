package dev.babysitter.tools.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;

/** Loads the user's SSH private key (OpenSSH or PEM; ed25519 needs eddsa on the classpath). */
public final class SshKeys {
  private SshKeys() {}

  /**
   * The key pairs in {@code file}. Fails loudly on zero keys: MINA silently yields nothing for a
   * key type it cannot parse (ed25519 without eddsa), which would otherwise surface much later as
   * a baffling "authentication refused".
   */
  public static List<KeyPair> load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("SSH key file " + file + " does not exist");
    }
    List<KeyPair> keys = new ArrayList<>();
    try {
      new FileKeyPairProvider(file).loadKeys(null).forEach(keys::add);
    } catch (RuntimeException e) {
      throw new IOException("could not read SSH key file " + file
          + " (is it passphrase-protected?): " + e.getMessage(), e);
    }
    if (keys.isEmpty()) {
      throw new IOException("SSH key file " + file + " yielded no keys; is it a private key of a"
          + " supported type (ed25519, RSA, ECDSA)?");
    }
    return List.copyOf(keys);
  }

  /** e.g. {@code ssh-ed25519 SHA256:…}, safe to print. */
  public static String describe(KeyPair key) {
    return KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key.getPublic());
  }
}
