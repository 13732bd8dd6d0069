package dev.babysitter.tools.logs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Aho-Corasick automaton over the rules' ASCII anchors, matched case-insensitively: one pass over a line finds
 * every rule worth confirming, so no regex runs on the (vast majority of) lines that mention nothing suspicious.
 * The alphabet is compressed to the characters the anchors use; everything else is one "other" symbol.
 */
final class FailureAnchors {

    private final byte[] symbol = new byte[128];
    private final int alphabet;
    /** Full DFA: state * alphabet + symbol -> state. */
    private final int[] next;
    /** Rule ids reported on entering a state (its own and its suffixes'), or null. */
    private final int[][] out;

    FailureAnchors(List<FailureRule> rules) {
        int sym = 1;
        for (FailureRule r : rules) {
            for (String a : r.anchors()) {
                for (char c : a.toLowerCase(Locale.ROOT).toCharArray()) {
                    if (c >= 128) {
                        throw new IllegalArgumentException("anchors are ASCII: " + a);
                    }
                    if (symbol[c] == 0) {
                        symbol[c] = (byte) sym++;
                    }
                }
            }
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            symbol[c] = symbol[Character.toLowerCase(c)];
        }
        alphabet = sym;
        // trie
        List<int[]> go = new ArrayList<>();
        List<List<Integer>> outs = new ArrayList<>();
        go.add(new int[alphabet]);
        outs.add(new ArrayList<>());
        for (int id = 0; id < rules.size(); id++) {
            for (String a : rules.get(id).anchors()) {
                int s = 0;
                for (char c : a.toLowerCase(Locale.ROOT).toCharArray()) {
                    int k = symbol[c];
                    if (go.get(s)[k] == 0) {
                        go.get(s)[k] = go.size();
                        go.add(new int[alphabet]);
                        outs.add(new ArrayList<>());
                    }
                    s = go.get(s)[k];
                }
                if (!outs.get(s).contains(id)) {
                    outs.get(s).add(id);
                }
            }
        }
        // BFS: failure links folded into a full transition table
        int n = go.size();
        int[] fail = new int[n];
        next = new int[n * alphabet];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int k = 0; k < alphabet; k++) {
            int t = go.get(0)[k];
            next[k] = t;
            if (t != 0) {
                queue.add(t);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            for (int id : outs.get(fail[s])) {
                if (!outs.get(s).contains(id)) {
                    outs.get(s).add(id);
                }
            }
            for (int k = 0; k < alphabet; k++) {
                int t = go.get(s)[k];
                if (t != 0) {
                    fail[t] = next[fail[s] * alphabet + k];
                    next[s * alphabet + k] = t;
                    queue.add(t);
                } else {
                    next[s * alphabet + k] = next[fail[s] * alphabet + k];
                }
            }
        }
        out = new int[n][];
        for (int s = 0; s < n; s++) {
            List<Integer> o = outs.get(s);
            out[s] = o.isEmpty() ? null : o.stream().mapToInt(Integer::intValue).sorted().toArray();
        }
    }

    /** Next state after char c (non-ASCII chars are the "other" symbol). */
    int step(int state, char c) {
        return next[state * alphabet + (c < 128 ? symbol[c] : 0)];
    }

    /** Rule ids completed on entering this state, or null (the common case). */
    int[] hits(int state) {
        return out[state];
    }

    int states() {
        return out.length;
    }

    @Override
    public String toString() {
        return "FailureAnchors[states=" + out.length + ", alphabet=" + alphabet + ", outputs="
                + Arrays.stream(out).filter(o -> o != null).count() + "]";
    }
}
