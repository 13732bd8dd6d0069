package dev.babysitter.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the model from {@code ~/.config/babysitter/config.yaml} (model, provider, base_url,
 * api_key_env) and the environment ({@code BABYSITTER_MODEL}, {@code BABYSITTER_BASE_URL},
 * {@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY}); the environment wins. Env and home are
 * injected so tests never read the developer's keys.
 */
public final class ModelFactory {
  public static final String NOT_CONFIGURED = "no LLM configured (set OPENAI_API_KEY, "
      + "ANTHROPIC_API_KEY, or BABYSITTER_BASE_URL with BABYSITTER_MODEL, or write "
      + "~/.config/babysitter/config.yaml); the playbook keeps babysitting alone";

  /** The chosen provider (openai, anthropic, openai-compatible), model, endpoint and key. */
  public record Settings(String provider, String model, String baseUrl, String apiKey) {
    @Override
    public String toString() { // never print the key
      return provider + " " + model + (baseUrl == null ? "" : " at " + baseUrl);
    }
  }

  private final Map<String, String> env;
  private final Path home;

  public ModelFactory(Map<String, String> env, Path home) {
    this.env = Map.copyOf(env);
    this.home = home;
  }

  public static ModelFactory fromSystem() {
    return new ModelFactory(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  public Path configFile() {
    return home.resolve(".config/babysitter/config.yaml");
  }

  /** Empty when nothing is configured: the loop then runs without an agent. */
  public Optional<Settings> settings() throws IOException {
    JsonNode file = Files.isRegularFile(configFile())
        ? new YAMLMapper().readTree(configFile().toFile()) : null;
    String provider = text(file, "provider");
    String model = first(env.get("BABYSITTER_MODEL"), text(file, "model"));
    String baseUrl = first(env.get("BABYSITTER_BASE_URL"), text(file, "base_url"));
    String keyEnv = text(file, "api_key_env");
    if (provider == null) {
      provider = baseUrl != null ? "openai-compatible"
          : present("OPENAI_API_KEY") ? "openai"
          : present("ANTHROPIC_API_KEY") ? "anthropic" : null;
    }
    if (provider == null) {
      return Optional.empty();
    }
    String key = keyEnv != null ? env.get(keyEnv) : switch (provider) {
      case "anthropic" -> env.get("ANTHROPIC_API_KEY");
      default -> env.get("OPENAI_API_KEY");
    };
    switch (provider) {
      case "openai", "anthropic" -> {
        if (key == null || key.isBlank()) {
          return Optional.empty();
        }
        model = model != null ? model : provider.equals("openai") ? "gpt-4o-mini"
            : "claude-sonnet-4-5";
      }
      case "openai-compatible" -> {
        if (baseUrl == null || model == null) {
          return Optional.empty(); // Ollama and vLLM have no default model worth guessing
        }
        key = key == null || key.isBlank() ? "none" : key; // local servers ignore it
      }
      default -> throw new IOException("unknown LLM provider '" + provider + "' in "
          + configFile() + " (openai, anthropic or openai-compatible)");
    }
    return Optional.of(new Settings(provider, model, baseUrl, key));
  }

  public ChatModel create(Settings s, List<ChatModelListener> listeners) {
    if (s.provider().equals("anthropic")) {
      AnthropicChatModel.AnthropicChatModelBuilder b = AnthropicChatModel.builder()
          .apiKey(s.apiKey()).modelName(s.model()).maxTokens(2048).maxRetries(1)
          .timeout(Duration.ofSeconds(120)).listeners(listeners);
      return (s.baseUrl() == null ? b : b.baseUrl(s.baseUrl())).build();
    }
    OpenAiChatModel.OpenAiChatModelBuilder b = OpenAiChatModel.builder().apiKey(s.apiKey())
        .modelName(s.model()).maxRetries(1).timeout(Duration.ofSeconds(120))
        .listeners(listeners);
    return (s.baseUrl() == null ? b : b.baseUrl(s.baseUrl())).build();
  }

  private boolean present(String name) {
    String v = env.get(name);
    return v != null && !v.isBlank();
  }

  private static String text(JsonNode node, String field) {
    return node == null || !node.hasNonNull(field) ? null : node.get(field).asText();
  }

  private static String first(String a, String b) {
    return a != null && !a.isBlank() ? a : b;
  }
}
