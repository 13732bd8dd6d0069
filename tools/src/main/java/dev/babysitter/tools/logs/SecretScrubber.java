package dev.babysitter.tools.logs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in text before it leaves the machine (logs shown to people or to an LLM).
 * Known values are masked where they stand as a whole token (never inside a longer run of letters and digits, so
 * a value never rewrites an ordinary word); well-known token shapes and "secret-looking" assignments are masked by
 * pattern wherever they appear, keeping a hint of the kind ({@code sk-***}, {@code Bearer ***}, {@code ghp_***}).
 */
public final class SecretScrubber {

    static final String MASK = "***";
    /**
     * Known values shorter than this are not treated as literal secrets at all: a value like {@code x}, {@code 1}
     * or {@code true} cannot be told from ordinary text, and masking it would rewrite words and numbers everywhere
     * (it once turned {@code java.net.ConnectException} into {@code ConnectE***ception}). Such values are still
     * masked where a pattern recognises them ({@code HF_TOKEN=...}, {@code --token ...}).
     */
    static final int MIN_KNOWN = 6;

    private static final Pattern SECRET_ENV_NAME = Pattern.compile(
            "(?i)^(?:.*[_-])?(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|APIKEY|PAT|CREDENTIALS?|KEY_ID)$"
                    + "|(?i).*(?:PASSWORD|SECRET|API_KEY|ACCESS_KEY|AUTH_TOKEN).*");

    /** Ordered: whole blocks first, then assignments (so a token inside one is masked once), then bare shapes. */
    private static final List<Rule> RULES = List.of(
            new Rule("-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\\s\\S]*?(?:-----END \\1PRIVATE KEY-----|\\z)",
                    "-----BEGIN $1PRIVATE KEY-----***-----END $1PRIVATE KEY-----"),
            new Rule("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s:@]+:[^/\\s@]+@", "$1***@"),
            new Rule("(?i)\\b(Authorization\\s*[:=]\\s*[\"']?)(Bearer|Basic|token|Token)\\s+[^\\s\"',]+", "$1$2 ***"),
            new Rule("\\b(Bearer)\\s+[A-Za-z0-9._~+/=-]{8,}", "$1 ***"),
            new Rule("(?i)\\b(wandb login\\s+(?:--relogin\\s+)?)[0-9a-f]{40}\\b", "$1***"),
            new Rule("(?i)(--(?:api[-_]?key|token|hf[-_]token|auth[-_]token|access[-_]token|secret|secret[-_]key"
                    + "|password|passwd|wandb[-_]key|access[-_]key)(?:=|\\s+))([\"']?)(?!\\*{3})[^\\s\"']+\\2", "$1$2***$2"),
            new Rule("(?i)([\"'](?:[\\w-]*(?:api_?key|_key|token|secret|password|passwd)|key)[\"']\\s*:\\s*)([\"'])"
                    + "(?!\\*{3})[^\"']+\\2", "$1$2***$2"),
            // env-style names are upper case; in lower-case config keys only unmistakable names count ("sort_key" does not)
            new Rule("\\b([A-Z0-9_]*(?:_KEY|_TOKEN|_SECRET|PASSWORD|_PASSWD|APIKEY|_KEY_ID))(\\s*[=:]\\s*)([\"']?)"
                    + "(?!\\*{3})[^\\s\"',;}]+\\3", "$1$2$3***$3"),
            new Rule("(?i)\\b([a-z0-9_]*(?:api_key|apikey|secret_key|access_key|_token|_secret|password|passwd))"
                    + "(\\s*[=:]\\s*)([\"']?)(?!\\*{3})[^\\s\"',;}]+\\3", "$1$2$3***$3"),
            new Rule("\\bsk-ant-[A-Za-z0-9_-]{10,}", "sk-ant-***"),
            new Rule("\\bsk-proj-[A-Za-z0-9_-]{10,}", "sk-proj-***"),
            new Rule("\\bsk-[A-Za-z0-9_-]{16,}", "sk-***"),
            new Rule("\\bgithub_pat_[A-Za-z0-9_]{20,}", "github_pat_***"),
            new Rule("\\b(gh[pousr])_[A-Za-z0-9]{30,}", "$1_***"),
            new Rule("\\bhf_(?=[A-Za-z0-9]*\\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{30,}", "hf_***"),
            new Rule("\\b(AKIA|ASIA)[A-Z0-9]{16}\\b", "$1***"));

    private record Rule(Pattern pattern, String replacement) {
        Rule(String regex, String replacement) {
            this(Pattern.compile(regex), replacement);
        }
    }

    private final List<String> known;

    /**
     * @param knownSecrets exact values to mask as whole tokens; values shorter than {@value #MIN_KNOWN} characters
     *     are ignored (too likely to be words)
     */
    public SecretScrubber(Collection<String> knownSecrets) {
        Set<String> vals = new LinkedHashSet<>();
        if (knownSecrets != null) {
            for (String s : knownSecrets) {
                if (s != null && s.strip().length() >= MIN_KNOWN) {
                    vals.add(s.strip());
                }
            }
        }
        List<String> sorted = new ArrayList<>(vals);
        sorted.sort(Comparator.comparingInt(String::length).reversed()); // longest first: no partial leftovers
        this.known = List.copyOf(sorted);
    }

    /** Scrubber knowing the values of environment variables whose name looks secret (*_KEY, *_TOKEN, *PASSWORD*...). */
    public static SecretScrubber fromEnvironment(Map<String, String> env) {
        List<String> vals = new ArrayList<>();
        if (env != null) {
            env.forEach((k, v) -> {
                if (k != null && v != null && SECRET_ENV_NAME.matcher(k).matches()) {
                    vals.add(v);
                }
            });
        }
        return new SecretScrubber(vals);
    }

    /** Masked copy of {@code text}; null stays null. */
    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String k : known) {
            out = maskWholeToken(out, k, MASK);
        }
        for (Rule r : RULES) {
            Matcher m = r.pattern().matcher(out);
            if (m.find()) {
                out = m.replaceAll(r.replacement());
            }
        }
        return out;
    }

    /**
     * Replaces with {@code mask} each occurrence of {@code value} that is not part of a longer run of letters and
     * digits: a letter or digit at the value's edge must not continue into a letter or digit of the text. An edge
     * that is itself punctuation ({@code -x-}) bounds the token on its own. For any code that redacts one known
     * credential in messages; it applies no minimum length, the caller decides what counts as a secret.
     */
    public static String maskWholeToken(String text, String value, String mask) {
        if (text == null || value == null || value.isEmpty()) {
            return text;
        }
        int at = text.indexOf(value);
        if (at < 0) {
            return text;
        }
        boolean wordStart = Character.isLetterOrDigit(value.codePointAt(0));
        boolean wordEnd = Character.isLetterOrDigit(value.codePointBefore(value.length()));
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (at >= 0) {
            int end = at + value.length();
            boolean joinedBefore = wordStart && at > 0 && Character.isLetterOrDigit(text.codePointBefore(at));
            boolean joinedAfter = wordEnd && end < text.length() && Character.isLetterOrDigit(text.codePointAt(end));
            if (joinedBefore || joinedAfter) {
                at = text.indexOf(value, at + 1);
                continue;
            }
            out.append(text, copied, at).append(mask);
            copied = end;
            at = text.indexOf(value, end);
        }
        return out.append(text, copied, text.length()).toString();
    }
}
