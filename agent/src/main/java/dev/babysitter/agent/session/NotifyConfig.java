package dev.babysitter.agent.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code notify:} section of the user's config file ({@code ~/.config/babysitter/config.yaml},
 * the file that also chooses the model), in the spec's own shape: {@code notify: {slack:
 * {webhook_env: SLACK_WEBHOOK_URL}, discord: {webhook_env: DISCORD_WEBHOOK_URL}}}. It applies
 * to every run this user babysits; a run's spec wins for the services it names. Like the spec,
 * it names the environment variable, never the URL (the URL is the credential).
 */
public final class NotifyConfig {
  private static final Set<String> SERVICES = Set.of("slack", "discord");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private NotifyConfig() {}

  /** Service to variable: the config file's, overridden by the spec's; a bad file says why. */
  public static Map<String, String> merged(Map<String, String> fromSpec, Path configFile)
      throws IOException {
    Map<String, String> out = new LinkedHashMap<>(read(configFile));
    out.putAll(fromSpec);
    return out;
  }

  static Map<String, String> read(Path configFile) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (configFile == null || !Files.isRegularFile(configFile)) {
      return out;
    }
    JsonNode root = new YAMLMapper().readTree(configFile.toFile());
    JsonNode notify = root == null ? null : root.get("notify");
    if (notify == null || notify.isNull()) {
      return out;
    }
    if (!notify.isObject()) {
      throw problem(configFile, "notify", "must be a map of services (slack, discord)");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = notify.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> service = it.next();
      String path = "notify." + service.getKey();
      if (!SERVICES.contains(service.getKey())) {
        throw problem(configFile, path, "unknown service (slack or discord)");
      }
      JsonNode env = service.getValue() == null ? null : service.getValue().get("webhook_env");
      if (env == null || !env.isTextual()) {
        throw problem(configFile, path + ".webhook_env", "is required: the name of the "
            + "environment variable that holds the webhook URL");
      }
      if (service.getValue().size() != 1) {
        throw problem(configFile, path, "only webhook_env is allowed");
      }
      String name = env.asText();
      if (name.contains("://")) {
        // Never echo the value: it is a URL, and a webhook URL is a secret.
        throw problem(configFile, path + ".webhook_env", "looks like a URL; a webhook URL is "
            + "a secret: put it in an environment variable and name the variable here");
      }
      if (!ENV_NAME.matcher(name).matches()) {
        throw problem(configFile, path + ".webhook_env", "\"" + name + "\" is not an "
            + "environment variable name");
      }
      out.put(service.getKey(), name);
    }
    return out;
  }

  private static SetupProblemException problem(Path file, String path, String what) {
    return new SetupProblemException(file + ": " + path + " " + what);
  }
}
