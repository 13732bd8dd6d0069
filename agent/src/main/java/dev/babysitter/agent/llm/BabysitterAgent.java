package dev.babysitter.agent.llm;

import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.run.Mailbox;
import dev.langchain4j.model.chat.ChatModel;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The babysitter agent of one run: woken by the loop only for an alert the playbook could not
 * settle, it gets the compact context, acts through the guarded tools, and leaves what it did
 * and why in the mailbox. Over the token cap it stays asleep and tells the DRI once a day.
 */
public final class BabysitterAgent implements AlertEscalator {
  private final ChatModel model;
  private final String prompt;
  private final PolicyGuard guard;
  private final TokenMeter meter;
  private final Mailbox mailbox;
  private final UnaryOperator<String> scrub;
  private final Clock clock;

  public BabysitterAgent(ChatModel model, String prompt, PolicyGuard guard, TokenMeter meter,
      Mailbox mailbox, UnaryOperator<String> scrub, Clock clock) {
    this.model = model;
    this.prompt = prompt;
    this.guard = guard;
    this.meter = meter;
    this.mailbox = mailbox;
    this.scrub = scrub;
    this.clock = clock;
  }

  @Override
  public void wake(Wake wake, AgentEffects effects) {
    try {
      Optional<String> cap = meter.overCap(guard.policy().llm());
      if (cap.isPresent()) {
        sleepOverCap(wake, effects, cap.get());
        return;
      }
      String context = BabysitterContext.render(wake, guard.policy(), scrub);
      RunTools tools = new RunTools(effects, mailbox, "babysitter", clock)
          .withFailureSignature(signatureOf(wake));
      // A fresh memory per wake: each alert is judged on its own compact context.
      AgentService agent = Agents.build(model, prompt, tools, guard, effects, scrub, 30);
      String answer = agent.chat(wake.record().runName + "@" + clock.millis(), context);
      post("note", answer == null ? "(no answer)" : answer);
    } catch (IOException | RuntimeException e) {
      // The agent is a helper: its failure must never stop the deterministic loop.
      try {
        post("note", "babysitter agent failed: " + e.getMessage() + "; the playbook carries on");
      } catch (IOException ignored) {
        // the mailbox is best effort; the status line still shows the alert
      }
    }
  }

  /** The failure the watcher saw: the first alert's signature, else the classified class. */
  static String signatureOf(Wake wake) {
    for (dev.babysitter.agent.watch.Alert alert : wake.alerts()) {
      if (alert.signature() != null && !alert.signature().isBlank()) {
        return alert.signature();
      }
    }
    var failure = wake.assessment() == null ? null : wake.assessment().failure();
    return failure == null || failure.healthy() ? null : failure.label();
  }

  private void sleepOverCap(Wake wake, AgentEffects effects, String why) throws IOException {
    String today = meter.today();
    if (today.equals(wake.record().tokenCapToldOn)) {
      return;
    }
    wake.record().tokenCapToldOn = today;
    String text = "token cap reached (" + why + "): the babysitter agent sleeps until tomorrow; "
        + "the playbook keeps babysitting and unsettled alerts wait for the DRI";
    effects.report("agent asleep: token cap", text, "@" + wake.spec().dri() + " " + text);
    post("note", text);
  }

  private void post(String kind, String text) throws IOException {
    mailbox.post(new Mailbox.Message(clock.instant(), "babysitter", kind, scrub.apply(text)));
  }
}
