package dev.babysitter.tools.logs.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Proof that a speed change keeps every reading: two builds of the parser (class directories, each in its own class
 * loader, as in {@link ParserAbBenchmark}) read the same lines and must agree exactly, {@code parseLine} line by
 * line and {@code readings} / {@code lastProgress} file by file. The lines: every line of every file under the
 * given resource folders (the failure corpus's JSON lines raw and their "text" split into lines), then FUZZ
 * mutations of them (deleted, inserted, swapped and spliced characters and anchor words, \r joins, ANSI codes),
 * seeded so a rerun is the same. Prints the first differences and exits 1 on any. Not a test.
 * Usage: ParserReadingsCompare OLD_CLASSES NEW_CLASSES FUZZ DIR... (docs/parsing.md).
 */
public final class ParserReadingsCompare {

    private static final String[] PIECES = {"0", "1", "9", "12", "3.5", "1e-4", "-", ".", ",", ":", "=", " ", "  ",
        "\t", "/", "|", "[", "]", "(", ")", "{", "}", "'", "\"", "%", "loss", "Loss", "LOSS", "step", "Step", "iter",
        "iteration", "epoch", "Epoch", "batch", "eval", "val_loss", "it/s", "s/it", "ms", "nan", "NaN", "inf", "-inf",
        "█", "━", "\r", "\n", "\u001B[31m", "\u001B[0m", "\u0000", "\u0085", "[rank0]:", "0: ", "rank1: ", "{'loss': ",
        "global_step", "train_loss", "total", "lr", "Training epoch ", "Progress on:", "iter:", "steps:", "step=",
        "skipped=", "SamplesPerSec=", "Epoch: [", "Iter(", "Epoch [", " - ", " | ", "tensor(", "None", "null", "ETA",
        "samples/s", "tokens/s", "12/100", "\u0130", "\u212A", "\u017F", "É", "\u00A0", "\u2028", "[00:01<00:02, 3.1it/s, loss=2.3]", " 45%|████▌ | 450/1000 "};

    private ParserReadingsCompare() {
    }

    public static void main(String[] a) throws Exception {
        Object[] parser = new Object[2];
        Method[] parseLine = new Method[2];
        Method[] readings = new Method[2];
        Method[] last = new Method[2];
        for (int k = 0; k < 2; k++) {
            URLClassLoader cl = new URLClassLoader(new URL[]{Path.of(a[k]).toUri().toURL()},
                    ParserReadingsCompare.class.getClassLoader().getParent());
            Class<?> c = cl.loadClass("dev.babysitter.tools.logs.ProgressParser");
            parser[k] = c.getConstructor().newInstance();
            parseLine[k] = c.getMethod("parseLine", String.class);
            readings[k] = c.getMethod("readings", List.class);
            last[k] = c.getMethod("lastProgress", List.class);
        }
        int fuzz = Integer.parseInt(a[2]);
        List<List<String>> files = new ArrayList<>();
        for (int d = 3; d < a.length; d++) {
            try (Stream<Path> s = Files.walk(Path.of(a[d]))) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    String text = Files.readString(p);
                    files.add(List.of(text.split("\n", -1)));
                    if (p.toString().endsWith(".jsonl")) {
                        for (String j : text.split("\n")) {
                            String t = jsonText(j);
                            if (t != null) {
                                files.add(List.of(t.split("\n", -1)));
                            }
                        }
                    }
                }
            }
        }
        List<String> lines = new ArrayList<>();
        files.forEach(lines::addAll);
        int diffs = 0;
        long compared = 0;
        for (List<String> f : files) {
            diffs += same("readings", f, readings, parser, f) ? 0 : 1;
            diffs += same("lastProgress", f, last, parser, f) ? 0 : 1;
            compared += 2;
        }
        for (String l : lines) {
            diffs += same("parseLine", l, parseLine, parser, l) ? 0 : 1;
            compared++;
        }
        SplittableRandom rnd = new SplittableRandom(20261206);
        List<String> fuzzed = new ArrayList<>();
        int before = diffs; // the fuzz stage stops at its own 20th difference, whatever the files gave
        for (int i = 0; i < fuzz; i++) {
            String m = mutate(lines.get(rnd.nextInt(lines.size())), lines, rnd);
            fuzzed.add(m);
            diffs += same("parseLine", m, parseLine, parser, m) ? 0 : 1;
            compared++;
            if (diffs - before > 20) {
                break;
            }
        }
        // the fuzzed lines as logs too: walk's blocks, tables, headers and records see odd neighbours
        for (int i = 0; i + 64 <= fuzzed.size() && diffs - before <= 20; i += 64) {
            List<String> chunk = fuzzed.subList(i, i + 64);
            diffs += same("readings", chunk, readings, parser, chunk) ? 0 : 1;
            compared++;
        }
        System.out.printf("%d comparisons (%d files, %d lines, %d fuzzed lines): %d differences%n", compared,
                files.size(), lines.size(), fuzzed.size(), diffs);
        System.exit(diffs == 0 ? 0 : 1);
    }

    private static boolean same(String what, Object shown, Method[] m, Object[] parser, Object arg) throws Exception {
        String x = String.valueOf(m[0].invoke(parser[0], arg));
        String y = String.valueOf(m[1].invoke(parser[1], arg));
        if (Objects.equals(x, y)) {
            return true;
        }
        String s = String.valueOf(shown);
        System.out.printf("DIFF %s on %s%n  old %s%n  new %s%n", what, s.length() > 300 ? s.substring(0, 300) : s, x, y);
        if (arg instanceof List<?> lines && !lines.isEmpty()) {
            int k = firstDiffering(m, parser, lines);
            for (int i = Math.max(0, k - 3); i <= k; i++) {
                String l = String.valueOf(lines.get(i));
                System.out.printf("  %s line %d: %s%n", i == k ? "first differing" : "above", i + 1,
                        l.length() > 300 ? l.substring(0, 300) : l);
            }
        }
        return false;
    }

    /** The index of the first line whose prefix of the log reads differently (by bisection). */
    private static int firstDiffering(Method[] m, Object[] parser, List<?> lines) throws Exception {
        int lo = 0; // prefixes of lo lines read the same
        int hi = lines.size(); // a prefix of hi lines reads differently
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            List<?> prefix = lines.subList(0, mid);
            if (Objects.equals(String.valueOf(m[0].invoke(parser[0], prefix)),
                    String.valueOf(m[1].invoke(parser[1], prefix)))) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi - 1;
    }

    private static String mutate(String l, List<String> lines, SplittableRandom rnd) {
        StringBuilder b = new StringBuilder(l);
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = b.length() == 0 ? 0 : rnd.nextInt(b.length() + 1);
            switch (rnd.nextInt(8)) {
                case 0, 1 -> b.insert(at, PIECES[rnd.nextInt(PIECES.length)]);
                case 2 -> {
                    if (b.length() > 0) {
                        b.delete(Math.min(at, b.length() - 1), Math.min(b.length(), at + 1 + rnd.nextInt(6)));
                    }
                }
                case 3 -> {
                    if (at < b.length()) {
                        b.setCharAt(at, (char) (' ' + rnd.nextInt(95)));
                    }
                }
                case 4 -> {
                    if (at < b.length()) { // a digit for a digit: the same shapes, other values
                        char ch = b.charAt(at);
                        b.setCharAt(at, Character.isDigit(ch) ? (char) ('0' + rnd.nextInt(10)) : ch);
                    }
                }
                case 5 -> { // splice: a head of this line and a tail of another
                    String o = lines.get(rnd.nextInt(lines.size()));
                    b.setLength(Math.min(at, b.length()));
                    b.append(o, o.isEmpty() ? 0 : rnd.nextInt(o.length()), o.length());
                }
                case 6 -> b.setLength(Math.min(at, b.length()));
                default -> {
                    if (at < b.length()) {
                        char ch = b.charAt(at);
                        b.setCharAt(at, Character.isUpperCase(ch) ? Character.toLowerCase(ch) : Character.toUpperCase(ch));
                    }
                }
            }
        }
        return b.toString();
    }

    /** The "text" string of a failure-corpus JSON line, unescaped; null when absent. */
    private static String jsonText(String j) {
        int k = j.indexOf("\"text\": \"");
        if (k < 0) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = k + 9; i < j.length(); i++) {
            char c = j.charAt(i);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\' && i + 1 < j.length()) {
                char e = j.charAt(++i);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(j.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
        return null;
    }
}
