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
 * Known values are masked wherever they appear; well-known token shapes and "secret-looking" assignments are
 * masked by pattern, keeping a hint of the kind ({@code sk-***}, {@code Bearer ***}, {@code ghp_***}).
 */
public final class SecretScrubber {

    static final String MASK = "***";
    private static final int MIN_KNOWN = 6;

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

    /** @param knownSecrets exact values to mask; values shorter than 6 chars are ignored (too likely to be words) */
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
            out = out.replace(k, MASK);
        }
        for (Rule r : RULES) {
            Matcher m = r.pattern().matcher(out);
            if (m.find()) {
                out = m.replaceAll(r.replacement());
            }
        }
        return out;
    }
}
