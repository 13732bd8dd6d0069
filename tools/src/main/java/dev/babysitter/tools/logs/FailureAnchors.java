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

    /** Symbol of the line-break characters; no anchor uses it, so it always leads back to the root. */
    static final int LINE_BREAK = 1;

    /** Symbol of every UTF-16 unit: anchors' characters (case-folded), line breaks, 0 for everything else. */
    private final byte[] symbol = new byte[65536];
    private final int alphabet;
    /**
     * Full DFA over pre-multiplied states: next[base + symbol] is the next state's base (state * alphabet), or its
     * bitwise complement when that state completes an anchor, so the hot loop needs no multiply and no extra load.
     */
    private final int[] next;
    /** Hits reported on entering a state (its own and its suffixes'), as ruleId << 8 | anchorLength, or null. */
    private final int[][] out;

    FailureAnchors(List<FailureRule> rules) {
        symbol['\n'] = LINE_BREAK;
        symbol['\r'] = LINE_BREAK;
        int sym = LINE_BREAK + 1;
        for (FailureRule r : rules) {
            for (String a : r.anchors()) {
                for (char c : a.toLowerCase(Locale.ROOT).toCharArray()) {
                    if (c >= 128 || c == '\n' || c == '\r') {
                        throw new IllegalArgumentException("anchors are single-line ASCII: " + a);
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
                int code = id << 8 | Math.min(a.length(), 255);
                if (!outs.get(s).contains(code)) {
                    outs.get(s).add(code);
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
        for (int i = 0; i < next.length; i++) {
            int t = next[i];
            next[i] = out[t] == null ? t * alphabet : ~(t * alphabet);
        }
    }

    /** Symbol of a character (see {@link #LINE_BREAK}). */
    int symbol(char c) {
        return symbol[c];
    }

    /** The symbol table itself, for a hot loop that keeps it in a local (see {@link #symbol}); not to be written. */
    byte[] symbols() {
        return symbol;
    }

    /** The transition table itself, for a hot loop (see {@link #next}); not to be written. */
    int[] transitions() {
        return next;
    }

    /** Encoded transition from a state base: a base, or ~base when the new state completes an anchor. */
    int next(int base, int symbol) {
        return next[base + symbol];
    }

    /** Anchors completed in the state with this base, as ruleId << 8 | anchorLength. */
    int[] hitsAt(int base) {
        return out[base / alphabet];
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
