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
    private static final List<FormatRule> RULES = List.of(
            new MegatronRule(), new DeepSpeedRule(), new TorchtitanRule(), new LevanterRule(),
            new MmengineRule(), new MetricLoggerRule(), new HfDictRule(), new NanoGptRule(),
            new MiscTrainerRule(), new KerasRule(), new TqdmBarRule());

    private final String forced;
    private final List<FormatRule> rules;

    public ProgressParser() {
        this(null);
    }

    /** @param forcedFormat one of {@link #formats()}, or null to auto-detect */
    public ProgressParser(String forcedFormat) {
        this.forced = forcedFormat == null || forcedFormat.isBlank() ? null : forcedFormat.trim();
        List<FormatRule> chosen = new ArrayList<>();
        for (FormatRule r : RULES) {
            if (forced == null || r.names().contains(forced)) {
                chosen.add(r);
            }
        }
        if (forced != null && chosen.isEmpty()) {
            throw new IllegalArgumentException("unknown progress format: " + forcedFormat + "; known: " + formats());
        }
        this.rules = List.copyOf(chosen);
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
        try {
            if (line == null || line.isEmpty()) {
                return Optional.empty();
            }
            String last = lastSegment(line);
            if (last == null) {
                return Optional.empty();
            }
            String clean = LineNormalizer.stripRankPrefix(LineNormalizer.clean(last).strip());
            for (FormatRule r : rules) {
                if (r.mayMatch(clean)) {
                    Optional<Progress> p = r.parse(clean);
                    if (p.isPresent() && (forced == null || forced.equals(p.get().format()))) {
                        return p;
                    }
                }
            }
            return Optional.empty();
        } catch (RuntimeException | StackOverflowError e) {
            return Optional.empty(); // a log line must never take the watcher down
        }
    }

    /**
     * Merges the freshest value of each field over the lines: step/total/stepKind/epoch from the latest
     * step-bearing reading (a global step, once seen, wins over epoch-relative counters), loss from the
     * latest train loss, rate from the latest rate, evalLoss from the latest eval. nanInf follows the latest train loss.
     */
    public Optional<Progress> lastProgress(List<String> lines) {
        if (lines == null) {
            return Optional.empty();
        }
        Progress stepP = null;
        boolean sawGlobal = false;
        Double loss = null;
        Rate rate = null;
        Double evalLoss = null;
        String lastFormat = null;
        Long epoch = null;
        for (String line : lines) {
            Optional<Progress> op = parseLine(line);
            if (op.isEmpty()) {
                continue;
            }
            Progress p = op.get();
            lastFormat = p.format();
            if (p.step() != null) {
                boolean global = !"epoch_batch".equals(p.stepKind());
                if (global || !sawGlobal) {
                    stepP = p;
                }
                sawGlobal |= global;
            }
            if (p.epoch() != null) {
                epoch = p.epoch();
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
        return Optional.of(Progress.of(format, step, kind, epoch, total, loss, rate, evalLoss));
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
