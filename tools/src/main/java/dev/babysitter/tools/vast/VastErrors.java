package dev.babysitter.tools.vast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Vast's error replies onto {@link VastException} kinds (vast-api.md §4). Auth is recognised by
 * {@code error:"auth_error"} as well as by 401, because several endpoints answer a bad key with
 * 404; every message goes through the key's redaction.
 */
final class VastErrors {
  private VastErrors() {}

  /** @param offerId the offer a create was for, or -1: then a 404/410 is not "offer gone" */
  static VastException map(String what, VastHttp.Reply reply, long offerId,
      VastCredentials credentials, ObjectMapper json) {
    int status = reply.status();
    JsonNode body;
    try {
      body = json.readTree(reply.body());
    } catch (JsonProcessingException e) {
      body = null;
    }
    String code = body == null ? "" : body.path("error").asText("");
    String msg = firstText(body, "msg", "message", "detail", "error");
    if (msg == null) {
      msg = excerpt(reply.body(), credentials);
    }
    msg = credentials.redact(msg);
    String raw = reply.body() == null ? "" : reply.body();
    if ("auth_error".equals(code) || status == 401 || msg.contains("Invalid user key")) {
      return new VastException(VastException.Kind.AUTH, status, what + ": Vast refused the API key"
          + " from " + credentials.source() + " (HTTP " + status + ": " + msg + ")");
    }
    if (offerId >= 0 && (status == 404 || status == 410 || raw.contains("no_such_ask"))) {
      return new OfferGoneException(offerId, status, msg);
    }
    String detail = what + " failed: HTTP " + status + ": " + msg;
    if (status == 429) {
      return new VastException(VastException.Kind.RATE_LIMITED, status, detail);
    }
    if (status >= 500) {
      return new VastException(VastException.Kind.TRANSIENT, status, detail);
    }
    if (status == 404 || "not_found".equals(code) || "no_such_instance".equals(code)) {
      return new VastException(VastException.Kind.NOT_FOUND, status, detail);
    }
    return new VastException(VastException.Kind.REJECTED, status, detail);
  }

  /** A body short enough for a message, on one line, without the key. */
  static String excerpt(String body, VastCredentials credentials) {
    if (body == null || body.isBlank()) {
      return "(empty body)";
    }
    String flat = body.strip().replaceAll("\\s+", " ");
    return credentials.redact(flat.length() > 200 ? flat.substring(0, 200) + "…" : flat);
  }

  private static String firstText(JsonNode body, String... fields) {
    if (body == null) {
      return null;
    }
    for (String f : fields) {
      JsonNode n = body.get(f);
      if (n != null && n.isTextual() && !n.asText().isBlank()) {
        return n.asText();
      }
    }
    return null;
  }
}
