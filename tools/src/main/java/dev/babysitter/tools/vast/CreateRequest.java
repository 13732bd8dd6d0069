package dev.babysitter.tools.vast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code PUT /api/v0/asks/{id}/}. {@code label} must be unique to the run: after a
 * lost create reply it is how the instance is found again instead of creating a second one.
 */
public record CreateRequest(String image, int diskGb, String label, String onstart,
    Map<String, String> env) {

  /** Documented limits; longer onstart scripts must be compressed by the caller. */
  static final int MAX_LABEL = 256;
  static final int MAX_ONSTART = 4048;
  static final int MAX_ENV_VALUE = 256;

  public CreateRequest {
    if (image == null || image.isBlank() || image.length() > 1024) {
      throw new IllegalArgumentException("image must be 1..1024 characters");
    }
    if (diskGb < 8) {
      throw new IllegalArgumentException("disk must be at least 8 GB, got " + diskGb);
    }
    if (label == null || label.isBlank() || label.length() > MAX_LABEL) {
      throw new IllegalArgumentException("label must be 1.." + MAX_LABEL + " characters");
    }
    if (onstart != null && onstart.length() > MAX_ONSTART) {
      throw new IllegalArgumentException("onstart is " + onstart.length()
          + " characters; Vast accepts " + MAX_ONSTART + " (compress it)");
    }
    env = env == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(env));
    env.forEach((k, v) -> {
      if (v.length() > MAX_ENV_VALUE) {
        throw new IllegalArgumentException("env " + k + " is longer than " + MAX_ENV_VALUE);
      }
    });
  }

  ObjectNode toJson(ObjectMapper json) {
    ObjectNode body = json.createObjectNode();
    body.put("client_id", "me");
    body.put("image", image);
    body.put("disk", diskGb);
    body.put("label", label);
    // What the CLI sends for --ssh --direct (sic: "ssh_direc").
    body.put("runtype", "ssh_direc ssh_proxy");
    if (onstart != null) {
      body.put("onstart", onstart);
    }
    // Without this an unavailable machine yields a stopped instance that bills disk forever.
    body.put("cancel_unavail", true);
    ObjectNode envNode = body.putObject("env");
    env.forEach(envNode::put);
    return body;
  }

  /** Env values may hold secrets (HF_TOKEN), so only the names are shown. */
  @Override
  public String toString() {
    return "CreateRequest[image=" + image + ", diskGb=" + diskGb + ", label=" + label
        + ", env=" + env.keySet() + "]";
  }
}
