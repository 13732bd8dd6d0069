package dev.babysitter.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.run.RunRecord;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Counts every model call's tokens for one run: an append-only ledger
 * {@code state/runs/<run>/tokens.jsonl} (shared safely by the babysit loop and a chat in another
 * process), mirrored into the run record when the loop owns it. {@link #overCap} reads the
 * ledgers of all runs, so the per-day cap holds across runs.
 */
public final class TokenMeter implements ChatModelListener {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path runsDir;
  private final String runName;
  private final String agent;
  private final RunRecord record;
  private final Clock clock;

  /** {@code record}: the loop's live record to mirror into, or null (chat). */
  public TokenMeter(Path runsDir, String runName, String agent, RunRecord record, Clock clock) {
    this.runsDir = runsDir;
    this.runName = runName;
    this.agent = agent;
    this.record = record;
    this.clock = clock;
  }

  @Override
  public void onResponse(ChatModelResponseContext ctx) {
    TokenUsage usage = ctx.chatResponse().tokenUsage();
    if (usage == null) {
      return;
    }
    long in = usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
    long out = usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
    String day = today();
    try {
      Path ledger = runsDir.resolve(runName).resolve("tokens.jsonl");
      Files.createDirectories(ledger.getParent());
      Files.writeString(ledger, JSON.writeValueAsString(JSON.createObjectNode()
              .put("day", day).put("at", clock.instant().toString()).put("agent", agent)
              .put("in", in).put("out", out)) + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (record != null) {
      record.tokensTotal += in + out;
      record.tokensByDay.merge(day, in + out, Long::sum);
    }
  }

  /** Why the agent must stay asleep today, or empty while under both caps. */
  public Optional<String> overCap(Policy.LlmRules rules) throws IOException {
    String day = today();
    long run = spent(runsDir.resolve(runName).resolve("tokens.jsonl"), day);
    if (run >= rules.maxTokensPerRunDay()) {
      return Optional.of(run + " tokens spent on " + runName + " today (cap "
          + rules.maxTokensPerRunDay() + " per run per day)");
    }
    long all = 0;
    if (Files.isDirectory(runsDir)) {
      try (Stream<Path> dirs = Files.list(runsDir)) {
        for (Path dir : dirs.toList()) {
          all += spent(dir.resolve("tokens.jsonl"), day);
        }
      }
    }
    if (all >= rules.maxTokensPerDay()) {
      return Optional.of(all + " tokens spent over all runs today (cap "
          + rules.maxTokensPerDay() + " per day)");
    }
    return Optional.empty();
  }

  /** Tokens this run spent today, from the ledger. */
  public long today(String run) throws IOException {
    return spent(runsDir.resolve(run).resolve("tokens.jsonl"), today());
  }

  public String today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
  }

  private static long spent(Path ledger, String day) throws IOException {
    if (!Files.exists(ledger)) {
      return 0;
    }
    long sum = 0;
    for (String line : Files.readAllLines(ledger)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = JSON.readTree(line);
      if (day.equals(n.path("day").asText())) {
        sum += n.path("in").asLong() + n.path("out").asLong();
      }
    }
    return sum;
  }
}
