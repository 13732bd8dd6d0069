package dev.babysitter.agent.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFactoryTest {
  @TempDir Path home;

  @Test
  void should_find_no_model_without_keys_or_config() throws Exception {
    assertThat(new ModelFactory(Map.of(), home).settings()).isEmpty();
    assertThat(ModelFactory.NOT_CONFIGURED).contains("playbook keeps babysitting alone");
  }

  @Test
  void should_choose_by_env() throws Exception {
    assertThat(new ModelFactory(Map.of("OPENAI_API_KEY", "sk-x"), home).settings().orElseThrow()
        .provider()).isEqualTo("openai");
    assertThat(new ModelFactory(Map.of("ANTHROPIC_API_KEY", "k"), home).settings().orElseThrow()
        .provider()).isEqualTo("anthropic");
    ModelFactory.Settings ollama = new ModelFactory(Map.of("BABYSITTER_BASE_URL",
        "http://localhost:11434/v1", "BABYSITTER_MODEL", "qwen2.5"), home).settings().orElseThrow();
    assertThat(ollama.provider()).isEqualTo("openai-compatible");
    assertThat(ollama.toString()).doesNotContain("none");
  }

  @Test
  void should_read_the_config_file_and_let_env_win() throws Exception {
    Path file = home.resolve(".config/babysitter/config.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "provider: openai-compatible\nmodel: llama3\n"
        + "base_url: http://vllm:8000/v1\napi_key_env: VLLM_KEY\n");
    ModelFactory.Settings s = new ModelFactory(Map.of("VLLM_KEY", "secret-vllm",
        "BABYSITTER_MODEL", "mistral"), home).settings().orElseThrow();
    assertThat(s).isEqualTo(new ModelFactory.Settings("openai-compatible", "mistral",
        "http://vllm:8000/v1", "secret-vllm"));
    assertThat(s.toString()).doesNotContain("secret-vllm");
  }
}
