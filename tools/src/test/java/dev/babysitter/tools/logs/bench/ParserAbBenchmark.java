package dev.babysitter.tools.logs.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * In-JVM A/B of two builds of the parser: each class directory in its own class loader, parseLine and lastProgress
 * over the same 4096-line corpus (every logs/**.txt resource), the two builds alternated round by round so that load
 * on a shared machine hits both alike; lines per second of the thread's CPU time, median of the warm two thirds, and
 * the median of the per-round B/A ratios.
 * Not a test. Usage: ParserAbBenchmark OLD_CLASSES NEW_CLASSES RESOURCES_LOGS ROUNDS SECONDS (docs/parsing.md).
 */
public final class ParserAbBenchmark {

    private ParserAbBenchmark() {
    }

    public static void main(String[] a) throws Exception {
        String[] dirs = {a[0], a[1]};
        Path res = Path.of(a[2]);
        int rounds = Integer.parseInt(a[3]);
        double secs = Double.parseDouble(a[4]);
        List<String> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(res)) {
            for (Path p : s.filter(x -> x.toString().endsWith(".txt")).sorted().toList()) {
                for (String l : Files.readString(p).split("\n")) {
                    if (!l.startsWith("# ")) all.add(l);
                }
            }
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; lines.size() < 4096; i++) lines.add(all.get(i % all.size()));
        Object[] parsers = new Object[2];
        Method[] parseLine = new Method[2], last = new Method[2];
        for (int k = 0; k < 2; k++) {
            URLClassLoader cl = new URLClassLoader(new URL[]{Path.of(dirs[k]).toUri().toURL()}, ParserAbBenchmark.class.getClassLoader().getParent());
            Class<?> c = cl.loadClass("dev.babysitter.tools.logs.ProgressParser");
            parsers[k] = c.getConstructor().newInstance();
            parseLine[k] = c.getMethod("parseLine", String.class);
            last[k] = c.getMethod("lastProgress", List.class);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<List<Double>> pl = List.of(new ArrayList<>(), new ArrayList<>()), lp = List.of(new ArrayList<>(), new ArrayList<>());
        for (int r = 0; r < rounds; r++) {
            for (int k0 = 0; k0 < 2; k0++) {
                int k = (r % 2 == 0) ? k0 : 1 - k0;
                for (int mode = 0; mode < 2; mode++) {
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    long n = 0;
                    long wall0 = System.nanoTime();
                    while (System.nanoTime() - wall0 < secs * 1e9) {
                        if (mode == 0) { for (String l : lines) parseLine[k].invoke(parsers[k], l); }
                        else { last[k].invoke(parsers[k], lines); }
                        n += lines.size();
                    }
                    double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
                    (mode == 0 ? pl : lp).get(k).add(n / cpu);
                }
            }
        }
        for (int k = 0; k < 2; k++) {
            System.out.printf("%s parseLine %s | lastProgress %s%n", k == 0 ? "A(old)" : "B(new)", stat(pl.get(k)), stat(lp.get(k)));
        }
        // a round's B and A ran back to back, under the same load: their ratio is steadier than either median
        System.out.printf("B/A per round: parseLine %s | lastProgress %s%n", ratios(pl), ratios(lp));
    }

    static String ratios(List<List<Double>> v) {
        List<Double> r = new ArrayList<>();
        for (int i = v.get(0).size() / 3; i < v.get(0).size(); i++) {
            r.add(v.get(1).get(i) / v.get(0).get(i));
        }
        Collections.sort(r);
        int m = r.size();
        return String.format("median %.3f (q1 %.3f q3 %.3f)", r.get(m / 2), r.get(m / 4), r.get(3 * m / 4));
    }
    static String stat(List<Double> v) {
        List<Double> w = new ArrayList<>(v.subList(v.size() / 3, v.size()));
        Collections.sort(w);
        int m = w.size();
        return String.format("median %,.0f (q1 %,.0f q3 %,.0f best %,.0f)", w.get(m / 2), w.get(m / 4), w.get(3 * m / 4), w.get(m - 1));
    }
}
