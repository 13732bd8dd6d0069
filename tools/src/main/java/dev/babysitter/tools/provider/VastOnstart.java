package dev.babysitter.tools.provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The {@code onstart} of a Vast instance: writes the instance directory's files (supervisor.env,
 * supervisor.sh, extras) into {@code home}, records the container's own id and key for the
 * dead-man switch, and starts the supervisor with setsid. Files travel gzip+base64. When the
 * script would pass the documented 4048-character onstart limit (supervisor.sh alone compresses
 * to ~6 KB), the payload moves to env vars of at most 255 characters each (limits: 256 per var,
 * 32768 in all) and the script only reassembles them.
 *
 * @param onstart the script, at most {@link #MAX_ONSTART} characters
 * @param env extra container env vars carrying the payload (empty when it fits inline)
 */
public record VastOnstart(String onstart, Map<String, String> env) {
  public static final int MAX_ONSTART = 4048;
  static final int CHUNK = 255;
  static final int MAX_ENV_TOTAL = 32_768;
  /** The file the onstart writes with the container's id, key and API URL (mode 600). */
  public static final String VAST_ENV = "vast.env";

  public VastOnstart {
    env = Map.copyOf(env);
  }

  /**
   * @param home the instance directory on the instance, e.g. /workspace/babysitter/run
   * @param files relative name → content; supervisor.sh must be among them
   * @param apiUrl the Vast API base the container calls to destroy itself
   */
  public static VastOnstart build(String home, Map<String, byte[]> files, String apiUrl) {
    List<String> names = new ArrayList<>(files.keySet());
    List<String> payloads = new ArrayList<>();
    for (String name : names) {
      if (name.startsWith("/") || name.contains("..") || name.contains("'")) {
        throw new IllegalArgumentException("unsafe instance file name: " + name);
      }
      payloads.add(Base64.getEncoder().encodeToString(gzip(files.get(name))));
    }
    String inline = script(home, apiUrl, names, payloads, true);
    if (inline.length() <= MAX_ONSTART) {
      return new VastOnstart(inline, Map.of());
    }
    Map<String, String> env = new LinkedHashMap<>();
    int total = 0;
    for (int i = 0; i < payloads.size(); i++) {
      String p = payloads.get(i);
      for (int j = 0, k = 0; j < p.length(); j += CHUNK, k++) {
        String value = p.substring(j, Math.min(p.length(), j + CHUNK));
        String key = "BSF" + i + "_" + k;
        env.put(key, value);
        total += key.length() + value.length() + 1;
      }
    }
    if (total > MAX_ENV_TOTAL) {
      throw new IllegalArgumentException("the instance files compress to " + total
          + " characters of env; Vast accepts " + MAX_ENV_TOTAL + ": ship fewer files");
    }
    String viaEnv = script(home, apiUrl, names, payloads, false);
    if (viaEnv.length() > MAX_ONSTART) {
      throw new IllegalArgumentException("onstart is " + viaEnv.length() + " characters even"
          + " with the files in env; Vast accepts " + MAX_ONSTART);
    }
    return new VastOnstart(viaEnv, env);
  }

  /**
   * The dead-man switch's destroy command: the container's own restricted key deletes its own
   * instance, so it works with every machine of ours gone. curl, else python3.
   */
  public static String destroyCommand() {
    return "set -a; . \"$BABYSITTER_HOME/" + VAST_ENV + "\"; set +a; "
        + "U=\"$VAST_API_URL/api/v0/instances/$CONTAINER_ID/\"; export U; "
        + "if command -v curl >/dev/null 2>&1; then curl -sS -m 60 --retry 5 -X DELETE"
        + " -H \"Authorization: Bearer $CONTAINER_API_KEY\" -H 'Content-Type: application/json'"
        + " -d '{}' \"$U\"; else python3 -c 'import os,urllib.request as r;"
        + "q=r.Request(os.environ[\"U\"],data=b\"{}\",method=\"DELETE\",headers={"
        + "\"Authorization\":\"Bearer \"+os.environ[\"CONTAINER_API_KEY\"],"
        + "\"Content-Type\":\"application/json\"});print(r.urlopen(q,timeout=60).read())'; fi";
  }

  private static String script(String home, String apiUrl, List<String> names,
      List<String> payloads, boolean inline) {
    StringBuilder s = new StringBuilder();
    s.append("H=").append(quote(home)).append("\n");
    s.append("mkdir -p \"$H/control\" && cd \"$H\" || exit 1\n");
    // A disk another instance left (a volume, a moved run): its markers are not this one's
    // (cleared before this launch's files are written, which may include control files).
    // The same instance started again (an unpark) keeps them: its supervisor waits, parked.
    s.append("if [ -f " + VAST_ENV + " ] && ! grep -qx \"CONTAINER_ID='$CONTAINER_ID'\" "
        + VAST_ENV + "; then o=$(sed -n \"s/^CONTAINER_ID='\\([0-9]*\\)'$/\\1/p\" "
        + VAST_ENV + "); rm -f parked DONE destroyed lease supervisor.pid relaunch.env control/*;"
        + " [ ! -f events.jsonl ] || mv -f events.jsonl \"events.$o.jsonl\"; fi\n");
    if (!inline) {
      // Concatenates BSF<i>_0, BSF<i>_1, … until the first unset one.
      s.append("bs_cat() { j=0; while eval \"v=\\${$1_$j:-}\"; [ -n \"$v\" ]; do"
          + " printf %s \"$v\"; j=$((j+1)); done; }\n");
    }
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String source = inline ? "printf %s '" + payloads.get(i) + "'" : "bs_cat BSF" + i;
      String write = "mkdir -p \"$(dirname '" + name + "')\" && " + source
          + " | base64 -d | gzip -dc > '" + name + ".tmp' && mv -f '" + name + ".tmp' '"
          + name + "'";
      if (ownerOnly(name)) {
        // Holds the run's tokens: created 0600 (umask 077; a leftover .tmp is removed first,
        // as '>' would keep its old mode), and the rename replaces an older 0644 copy.
        write = "(umask 077; rm -f '" + name + ".tmp'; " + write + ")";
      }
      s.append(write).append(" || exit 1\n");
    }
    s.append("chmod 755 supervisor.sh\n");
    // Only here are CONTAINER_ID/CONTAINER_API_KEY visible (SSH sessions do not see them).
    s.append("(umask 077; printf \"CONTAINER_ID='%s'\\nCONTAINER_API_KEY='%s'\\nVAST_API_URL=")
        .append(quote(apiUrl)).append("\\n\" \"$CONTAINER_ID\" \"$CONTAINER_API_KEY\" > ")
        .append(VAST_ENV).append(")\n");
    s.append("setsid sh supervisor.sh \"$H\" </dev/null >>supervisor.out 2>&1 &\n");
    return s.toString();
  }

  /** Files with secrets in them ({@code supervisor.env}, any {@code *.env}): mode 600. */
  static boolean ownerOnly(String name) {
    return name.endsWith(".env");
  }

  private static byte[] gzip(byte[] content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
