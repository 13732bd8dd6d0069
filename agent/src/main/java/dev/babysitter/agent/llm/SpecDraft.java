package dev.babysitter.agent.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The fields the runner agent fills in when it drafts a run spec. {@code extraYaml} carries the
 * rest (checkpoints, limits, provider, source...) as a YAML mapping, so the agent can write any
 * field the loader knows without this record growing one parameter per field.
 */
record SpecDraft(String name, String dri, String command, String outputRoot, long finalStep,
    String policy, String extraYaml) {
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();

  /** The spec as YAML; named fields win over the same keys in {@code extraYaml}. */
  String yaml() throws JsonProcessingException {
    ObjectNode root = YAML.createObjectNode();
    if (extraYaml != null && !extraYaml.isBlank()) {
      JsonNode extra = YAML.readTree(extraYaml);
      if (extra != null && !extra.isObject()) {
        throw new IllegalArgumentException("extra_yaml must be a mapping of spec fields");
      }
      if (extra != null) {
        root.setAll((ObjectNode) extra);
      }
    }
    root.put("name", name);
    root.put("dri", dri);
    root.put("command", command);
    root.put("output_root", outputRoot);
    root.put("final_step", finalStep);
    if (policy != null && !policy.isBlank()) {
      root.put("policy", policy);
    }
    return YAML.writeValueAsString(root);
  }
}
