package dev.babysitter.agent.llm;

import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.run.Mailbox;
import dev.langchain4j.model.chat.ChatModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * The runner chat's REPL: shows what the babysitter wrote since the last line, takes the
 * person's {@code /hold} and {@code /release} as data (no model needed), and answers everything
 * else through the runner agent with guarded tools. Without a model only the commands work.
 */
public final class ChatSession {
  private final ChatModel model;
  private final String prompt;
  private final PolicyGuard guard;
  private final AgentEffects effects;
  private final Mailbox mailbox;
  private final UnaryOperator<String> scrub;
  private final Clock clock;
  private final RunPlanner planner;
  private long mailOffset;

  /** {@code model}: null when none is configured. */
  public ChatSession(ChatModel model, String prompt, PolicyGuard guard, AgentEffects effects,
      Mailbox mailbox, UnaryOperator<String> scrub, Clock clock) {
    this(model, prompt, guard, effects, mailbox, scrub, clock, null);
  }

  /** {@code planner}: lets the chat draft specs and launch runs; null: proposals only. */
  public ChatSession(ChatModel model, String prompt, PolicyGuard guard, AgentEffects effects,
      Mailbox mailbox, UnaryOperator<String> scrub, Clock clock, RunPlanner planner) {
    this.planner = planner;
    this.model = model;
    this.prompt = prompt;
    this.guard = guard;
    this.effects = effects;
    this.mailbox = mailbox;
    this.scrub = scrub;
    this.clock = clock;
  }

  public void run(BufferedReader in, PrintStream out) throws IOException {
    AgentService agent = model == null ? null : Agents.build(model, prompt,
        new RunTools(effects, mailbox, "person", clock, planner), guard, effects, scrub, 40);
    out.println("chat with the runner of " + effects.runName() + " (/hold TEXT, /release, "
        + "/mail, /quit)" + (model == null ? "\n" + ModelFactory.NOT_CONFIGURED : ""));
    showNewMail(out);
    out.print("> ");
    out.flush();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      line = line.strip();
      if (line.equals("/quit") || line.equals("/exit")) {
        break;
      }
      if (line.startsWith("/hold")) {
        String text = line.substring(5).strip();
        post("hold", text.isEmpty() ? "hold: wait for the person" : text);
        out.println("hold set: relaunch, kill and destroy now go to the DRI until /release");
      } else if (line.equals("/release")) {
        post("release", "hold released");
        out.println("hold released");
      } else if (line.equals("/mail")) {
        mailbox.all().forEach(m -> out.println(render(m)));
      } else if (!line.isEmpty()) {
        if (agent == null) {
          out.println(ModelFactory.NOT_CONFIGURED);
        } else {
          try {
            out.println(scrub.apply(agent.chat("runner-" + effects.runName(), line)));
          } catch (RuntimeException e) {
            out.println("! the model failed: " + scrub.apply(String.valueOf(e.getMessage())));
          }
        }
      }
      showNewMail(out);
      out.print("> ");
      out.flush();
    }
    out.println();
  }

  private void showNewMail(PrintStream out) throws IOException {
    Mailbox.Batch batch = mailbox.since(mailOffset);
    mailOffset = batch.offset();
    batch.messages().forEach(m -> out.println(render(m)));
  }

  private void post(String kind, String text) throws IOException {
    mailbox.post(new Mailbox.Message(clock.instant(), "person", kind, text));
  }

  private static String render(Mailbox.Message m) {
    return "[" + m.at() + " " + m.from() + " " + m.kind() + "] " + m.text();
  }
}
