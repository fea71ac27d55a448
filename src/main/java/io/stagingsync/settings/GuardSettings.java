package io.stagingsync.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the production guards compare the target with: name patterns, an optional allow-list, the target's addon,
 * and whether plain-text connections to a remote target are allowed.
 *
 * @param productionPatterns case-insensitive regular expressions; a match in APP or the target host refuses
 * @param allowedTargets     when not empty, the only targets (APP, host or host/database) a run may write to
 * @param targetAddonId      the target's Scalingo addon id, compared with the source's; empty when unknown
 * @param allowInsecure      true: a non-loopback target may be reached without TLS
 */
public record GuardSettings(List<Pattern> productionPatterns, List<String> allowedTargets, String targetAddonId,
                            boolean allowInsecure) {

    /** A plain word matches whole words only: "prod" refuses shop-prod and prod_db, not products-staging. */
    private static final String WORD_START = "(?<![a-z0-9])";
    private static final String WORD_END = "(?![a-z0-9])";

    /** The pattern as the operator wrote it, for messages. */
    public static String written(Pattern pattern) {
        String p = pattern.pattern();
        return p.startsWith(WORD_START) && p.endsWith(WORD_END)
                ? p.substring(WORD_START.length(), p.length() - WORD_END.length()) : p;
    }

    public static GuardSettings load(Function<String, String> lookup) {
        return SettingValues.refusing(lookup, GuardSettings::load);
    }

    static GuardSettings load(SettingValues v) {
        int before = v.problems().size();
        List<Pattern> patterns = new ArrayList<>();
        for (String p : list(v.text("sync.guard.production-patterns"))) {
            try {
                patterns.add(Pattern.compile(p.matches("\\w+") ? WORD_START + p + WORD_END : p, Pattern.CASE_INSENSITIVE));
            } catch (PatternSyntaxException e) {
                v.problem("SYNC_GUARD_PRODUCTION_PATTERNS: \"" + p + "\" is not a regular expression ("
                        + e.getDescription() + ")");
            }
        }
        if (patterns.isEmpty() && v.problems().size() == before) {
            v.problem("SYNC_GUARD_PRODUCTION_PATTERNS is empty: keep at least one pattern (default prod,production)");
        }
        return new GuardSettings(List.copyOf(patterns), list(v.text("sync.guard.allowed-targets")),
                v.text("sync.target.addon-id"), v.flag("sync.target.allow-insecure", false));
    }

    private static List<String> list(String raw) {
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
