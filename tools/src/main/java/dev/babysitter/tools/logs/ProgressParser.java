package dev.babysitter.tools.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Extracts training progress (step, total, loss, rate, eval loss) from log lines of many frameworks.
 * Auto-detects the format per line, or is forced to one. Never throws: unparseable input gives empty.
 */
public final class ProgressParser {

    // most specific first: the generic tqdm bar would also match e.g. a Lightning or torchtune line
    // NeMo before Megatron: NeMo 2's "iteration 12/100 |" would otherwise read as a Megatron line without loss
    private static final List<FormatRule> RULES = List.of(
            new NemoRule(), new MegatronRule(), new DeepSpeedRule(), new TorchtitanRule(), new LevanterRule(),
            new ComposerRule(), new MmengineRule(), new MetricLoggerRule(), new HfDictRule(), new NanoGptRule(),
            new MiscTrainerRule(), new KerasRule(), new TqdmBarRule(), new KeyValueRule());

    private final String forced;
    private final List<FormatRule> rules;
    private final CustomRegexRule custom;

    public ProgressParser() {
        this(null, null);
    }

    /** @param forcedFormat one of {@link #formats()}, or null to auto-detect */
    public ProgressParser(String forcedFormat) {
        this(forcedFormat, null);
    }

    /**
     * @param forcedFormat one of {@link #formats()}, or null to auto-detect
     * @param customRegex  a regex with named groups (see {@link #withRegex}) tried before any built-in rule, or null
     * @throws IllegalArgumentException for an unknown format or a bad regex, with a message fit for the user
     */
    public ProgressParser(String forcedFormat, String customRegex) {
        String f = forcedFormat == null || forcedFormat.isBlank() ? null : forcedFormat.trim();
        this.custom = customRegex == null || customRegex.isBlank() ? null : new CustomRegexRule(customRegex);
        if (CustomRegexRule.FORMAT.equals(f)) {
            if (custom == null) {
                throw new IllegalArgumentException("format 'custom' needs a progress regex");
            }
            f = null; // custom only: no built-in rule
        }
        this.forced = f;
        List<FormatRule> chosen = new ArrayList<>();
        if (custom != null) {
            chosen.add(custom);
        }
        boolean customOnly = custom != null && CustomRegexRule.FORMAT.equals(forcedFormat == null ? null : forcedFormat.trim());
        for (FormatRule r : RULES) {
            if (!customOnly && (forced == null || r.names().contains(forced))) {
                chosen.add(r);
            }
        }
        if (forced != null && chosen.size() == (custom == null ? 0 : 1)) {
            throw new IllegalArgumentException("unknown progress format: " + forcedFormat + "; known: " + formats());
        }
        this.rules = List.copyOf(chosen);
    }

    /**
     * A parser for a home-made training loop: {@code regex} has named groups among {@code step} (global step) or
     * {@code batch} (batch within the epoch), {@code total}, {@code epoch}, {@code loss}, {@code eval_loss},
     * {@code rate} and {@code rate_unit}; it takes precedence over the built-in rules, which still read lines it
     * does not match.
     *
     * @throws IllegalArgumentException when the regex does not compile or names no usable group
     */
    public static ProgressParser withRegex(String regex) {
        if (regex == null || regex.isBlank()) {
            throw new IllegalArgumentException("progress regex is empty");
        }
        return new ProgressParser(null, regex);
    }

    /** Which rule matched which line: 1-based line number, rule, format, the reading and the cleaned line. */
    public record Explanation(int lineNumber, String rule, String format, Progress progress, String line) {
    }

    /** One {@link Explanation} per line that some rule understood, in order; never throws. */
    public List<Explanation> explain(List<String> lines) {
        List<Explanation> out = new ArrayList<>();
        if (lines == null) {
            return out;
        }
        int n = 0;
        for (String line : lines) {
            n++;
            Match m = match(line);
            if (m != null) {
                String text = m.clean.length() > 200 ? m.clean.substring(0, 200) + "…" : m.clean;
                out.add(new Explanation(n, m.rule.getClass().getSimpleName(), m.progress.format(), m.progress, text));
            }
        }
        return out;
    }

    private record Match(FormatRule rule, Progress progress, String clean) {
    }

    /** All format names this parser can report. */
    public static List<String> formats() {
        List<String> out = new ArrayList<>();
        for (FormatRule r : RULES) {
            out.addAll(r.names());
        }
        return List.copyOf(out);
    }

    /** Parses one physical line; for \r-joined tqdm updates only the last non-blank update counts. */
    public Optional<Progress> parseLine(String line) {
        Match m = match(line);
        return m == null ? Optional.empty() : Optional.of(m.progress);
    }

    private Match match(String line) {
        try {
            if (line == null || line.isEmpty()) {
                return null;
            }
            String last = lastSegment(line);
            if (last == null) {
                return null;
            }
            String clean = LineNormalizer.stripRankPrefix(LineNormalizer.clean(last).strip());
            for (FormatRule r : rules) {
                if (r.mayMatch(clean)) {
                    Optional<Progress> p;
                    try {
                        p = r.parse(clean);
                    } catch (RuntimeException e) {
                        continue; // one rule's trouble (e.g. a runaway custom regex) must not hide the others
                    }
                    if (p.isPresent() && (forced == null || r == custom || forced.equals(p.get().format()))) {
                        return new Match(r, p.get(), clean);
                    }
                }
            }
            return null;
        } catch (RuntimeException | StackOverflowError e) {
            return null; // a log line must never take the watcher down
        }
    }

    /**
     * Merges the freshest value of each field over the lines: step/total/stepKind/epoch from the latest
     * step-bearing reading (a global step, once seen, wins over epoch-relative counters), loss from the
     * latest train loss, rate from the latest rate, evalLoss from the latest eval. nanInf follows the latest train loss.
     */
    public Optional<Progress> lastProgress(List<String> lines) {
        return merge(readings(lines));
    }

    /** Every line that reads as progress, parsed once, in order; null reads as no lines. */
    public List<Progress> readings(List<String> lines) {
        List<Progress> out = new ArrayList<>();
        if (lines != null) {
            for (String line : lines) {
                parseLine(line).ifPresent(out::add);
            }
        }
        return out;
    }

    /** {@link #lastProgress} over readings already parsed, for callers that need them too. */
    public Optional<Progress> merge(List<Progress> readings) {
        Progress stepP = null;
        boolean sawGlobal = false;
        Double loss = null;
        Rate rate = null;
        Double evalLoss = null;
        String lastFormat = null;
        Long epoch = null;
        Long epochAtStep = null;
        for (Progress p : readings) {
            lastFormat = p.format();
            if (p.epoch() != null) {
                epoch = p.epoch();
            }
            if (p.step() != null) {
                boolean global = !"epoch_batch".equals(p.stepKind());
                if (global || !sawGlobal) {
                    stepP = p;
                    epochAtStep = epoch;
                }
                sawGlobal |= global;
            }
            if (p.loss() != null) {
                loss = p.loss();
            }
            if (p.rate() != null) {
                rate = p.rate();
            }
            if (p.evalLoss() != null) {
                evalLoss = p.evalLoss();
            }
        }
        if (lastFormat == null) {
            return Optional.empty();
        }
        String format = stepP != null ? stepP.format() : lastFormat;
        Long step = stepP == null ? null : stepP.step();
        String kind = stepP == null ? null : stepP.stepKind();
        Long total = stepP == null ? null : stepP.total();
        // an epoch-relative reading takes the epoch current when it was printed (Keras prints "Epoch 3/10" on its
        // own line above the batch bar); otherwise the latest epoch seen
        Long ep = stepP != null && "epoch_batch".equals(kind) ? epochAtStep : epoch;
        return Optional.of(Progress.of(format, step, kind, ep, total, loss, rate, evalLoss));
    }

    private static String lastSegment(String line) {
        int end = line.length();
        while (end > 0) {
            int cut = Math.max(line.lastIndexOf('\r', end - 1), line.lastIndexOf('\n', end - 1));
            // only the tail of a huge segment matters (and bounds the copy)
            String seg = line.substring(Math.max(cut + 1, end - 4 * LineNormalizer.MAX_LINE), end);
            if (!seg.isBlank()) {
                return seg;
            }
            end = cut < 0 ? 0 : cut;
        }
        return null;
    }
}
