package dev.babysitter.agent.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.babysitter.agent.run.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/** Reads a policy file; unknown or missing keys are errors, so a typo never weakens a rule. */
public final class PolicyLoader {
  private final YAMLMapper yaml;

  public PolicyLoader() {
    SimpleModule durations = new SimpleModule();
    durations.addDeserializer(Duration.class, new JsonDeserializer<>() {
      @Override
      public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        try {
          return Durations.parse(p.getValueAsString());
        } catch (IllegalArgumentException e) {
          throw JsonMappingException.from(p, e.getMessage());
        }
      }
    });
    this.yaml = YAMLMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .addModule(durations)
        .build();
  }

  public Policy load(Path file) throws InvalidPolicyException {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new InvalidPolicyException("policy file not found: " + file);
    } catch (IOException e) {
      throw new InvalidPolicyException("cannot read policy " + file + ": " + e.getMessage());
    }
  }

  public Policy parse(String text, String source) throws InvalidPolicyException {
    try {
      return yaml.readValue(text, Policy.class);
    } catch (JsonMappingException e) {
      throw new InvalidPolicyException("policy " + source + ": " + path(e) + ": "
          + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new InvalidPolicyException("policy " + source + ": " + e.getMessage());
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      } else {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.length() == 0 ? "(document)" : b.toString();
  }
}
