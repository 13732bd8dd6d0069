package dev.babysitter.tools.notify;

import dev.babysitter.tools.logs.SecretScrubber;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The transport under {@link SlackWebhook} and {@link DiscordWebhook}: one JSON POST to a
 * webhook URL, its answer mapped to success or a {@link NotifyException}. The URL is the
 * credential, so every message names the environment variable it came from instead.
 */
final class WebhookPost {
  private static final MediaType JSON = MediaType.get("application/json");
  /** Long enough for a slow service, short enough not to hold a check up for long. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final String service;
  private final String envName;
  private final String url;
  private final HttpUrl parsed;
  private final OkHttpClient http;

  WebhookPost(String service, String envName, String url, OkHttpClient http) {
    this.service = Objects.requireNonNull(service, "service");
    this.envName = Objects.requireNonNull(envName, "envName");
    this.url = Objects.requireNonNull(url, "url").strip();
    this.parsed = HttpUrl.parse(this.url);
    this.http = http != null ? http : new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(5)).callTimeout(CALL_TIMEOUT)
        .followRedirects(false).build();
  }

  String describe() {
    return service + " webhook ($" + envName + ")";
  }

  void post(String json) throws NotifyException {
    if (parsed == null || !parsed.isHttps() && !isLoopback(parsed)) {
      // Plain http would send the credential in the clear; loopback is for local relays/tests.
      throw new NotifyException(describe() + " is not an https URL: set $" + envName
          + " to the webhook URL the service gave you", false, null, true);
    }
    Request request = new Request.Builder().url(parsed)
        .post(RequestBody.create(json, JSON)).build();
    int code;
    String retryAfter;
    String body;
    try (Response response = http.newCall(request).execute()) {
      code = response.code();
      retryAfter = response.header("Retry-After");
      body = response.body() == null ? "" : response.body().string();
    } catch (InterruptedIOException e) {
      throw new NotifyException(describe() + " timed out", true, null);
    } catch (IOException e) {
      throw new NotifyException(describe() + " unreachable: " + redact(String.valueOf(
          e.getMessage())), true, null);
    }
    if (code / 100 == 2) {
      return;
    }
    String said = said(body);
    if (code == 429) {
      Duration after = retryAfter(retryAfter, body);
      throw new NotifyException(describe() + " rate limited (429)" + (after == null ? ""
          : ", retry after " + after.toSeconds() + " s"), true, after);
    }
    if (code == 404 || code == 410) {
      throw new NotifyException(describe() + " is invalid (" + code + "): the webhook does not "
          + "exist or was deleted; set $" + envName + " to a working one and restart the "
          + "babysitter" + said, false, null, true);
    }
    if (code == 401 || code == 403) {
      throw new NotifyException(describe() + " was refused (" + code + "): the webhook is "
          + "revoked or its channel archived; set $" + envName + " to a working one" + said,
          false, null, true);
    }
    if (code >= 500 || code == 408) {
      throw new NotifyException(describe() + " answered " + code + said, true, null);
    }
    throw new NotifyException(describe() + " rejected the message (" + code + ")" + said, false,
        null);
  }

  /** Header seconds (Slack; Discord may send a fraction), else Discord's JSON retry_after. */
  static Duration retryAfter(String header, String body) {
    Double seconds = number(header);
    if (seconds == null && body != null) {
      java.util.regex.Matcher m = java.util.regex.Pattern
          .compile("\"retry_after\"\\s*:\\s*([0-9]+(?:\\.[0-9]+)?)").matcher(body);
      seconds = m.find() ? number(m.group(1)) : null;
    }
    if (seconds == null || seconds < 0) {
      return null;
    }
    return Duration.ofMillis((long) Math.ceil(Math.min(seconds, 86_400) * 1000));
  }

  private static Double number(String s) {
    if (s == null || !s.strip().matches("[0-9]{1,9}(?:\\.[0-9]+)?")) {
      return null;
    }
    return Double.parseDouble(s.strip());
  }

  /** The service's own words (Slack: "no_service", "channel_is_archived"), short and redacted. */
  private String said(String body) {
    String one = redact(body == null ? "" : body.strip().replaceAll("\\s+", " "));
    if (one.isEmpty()) {
      return "";
    }
    return ": " + (one.length() > 120 ? one.substring(0, 120) + "…" : one);
  }

  /** Removes the URL and its path (the secret part) from text an HTTP library wrote. */
  String redact(String text) {
    String out = SecretScrubber.maskWholeToken(text, url, "$" + envName);
    if (parsed != null && parsed.encodedPath().length() > 1) {
      out = out.replace(parsed.encodedPath(), "/***");
    }
    return out;
  }

  private static boolean isLoopback(HttpUrl u) {
    return "localhost".equals(u.host()) || "127.0.0.1".equals(u.host()) || "[::1]".equals(
        u.host()) || "::1".equals(u.host());
  }
}
