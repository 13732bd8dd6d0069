package dev.babysitter.tools.logs;

import java.util.ArrayList;
import java.util.List;

/** TEMPORARY stand-in until the logs branch lands (same API). */
public final class LogTail {
  public static List<String> lines(String text, int maxLines) {
    List<String> out = new ArrayList<>();
    for (String l : text.split("[\r\n]")) {
      if (!l.isBlank()) {
        out.add(l.length() > 4096 ? l.substring(l.length() - 4096) : l);
      }
    }
    return out.size() > maxLines ? out.subList(out.size() - maxLines, out.size()) : out;
  }
}
