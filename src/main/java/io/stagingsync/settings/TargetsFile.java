package io.stagingsync.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The file SYNC_TARGETS names: a {@code targets:} list, each with its name, URL (or the variable holding it), mode,
 * app, rules and hooks. Every problem is reported at once; a URL is never repeated in a message.
 */
final class TargetsFile {

    private static final Set<String> KEYS = Set.of("name", "url", "url_env", "mode", "app", "rules", "hooks");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    private final Path file;
    private final Function<String, String> variables;
    private final List<String> problems;

    /** @param variables reads the variable a target's {@code url_env} names (the environment, overridable in tests) */
    TargetsFile(Path file, Function<String, String> variables, List<String> problems) {
        this.file = file;
        this.variables = variables;
        this.problems = problems;
    }

    List<TargetSpec> read() {
        Object root;
        try {
            if (!Files.isRegularFile(file)) {
                problems.add("SYNC_TARGETS names " + file.toAbsolutePath() + ", which does not exist: point it at "
                        + "your targets file (a 'targets:' list, see docs/configuration.md)");
                return List.of();
            }
            root = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).setMaxAliasesForCollections(20)
                    .setLabel(file.toString()).build()).loadFromString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            problems.add("SYNC_TARGETS: " + file + " cannot be read: " + e.getMessage());
            return List.of();
        } catch (YamlEngineException e) {
            problems.add(file + " is not valid YAML:\n" + e.getMessage().stripTrailing());
            return List.of();
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("targets") instanceof List<?> entries) || entries.isEmpty()) {
            problems.add(file + ": the top level must be 'targets:' with a list of targets (name, url_env, mode, app)");
            return List.of();
        }
        if (map.size() > 1) {
            problems.add(file + ": only 'targets:' belongs at the top level, not " + new ArrayList<>(map.keySet()));
        }
        List<TargetSpec> targets = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, String> databases = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = file + ": targets[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                problems.add(where + " must be a map (name, url_env, mode, app)");
                continue;
            }
            TargetSpec target = target(where, entry);
            if (target == null) {
                continue;
            }
            String sameName = names.putIfAbsent(target.name(), where);
            if (sameName != null) {
                problems.add(where + ": the name " + target.name() + " is already the name of " + sameName
                        + ": give every target its own name");
            }
            String key = target.database().host().toLowerCase(java.util.Locale.ROOT) + ":" + target.database().port()
                    + "/" + target.database().database();
            String sameDatabase = databases.putIfAbsent(key, target.name());
            if (sameDatabase != null) {
                problems.add(where + " (" + target.name() + ") is the database of target " + sameDatabase + " ("
                        + target.database() + "): two targets of one run must be two databases");
            }
            targets.add(target);
        }
        return List.copyOf(targets);
    }

    private TargetSpec target(String where, Map<?, ?> entry) {
        int before = problems.size();
        for (Object key : entry.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                problems.add(where + ": unknown key '" + key + "' (known: name, url, url_env, mode, app, rules, hooks)");
            }
        }
        String name = text(entry, "name");
        if (name.isEmpty()) {
            problems.add(where + " has no name: give it one (lower-case letters, digits, - and _), e.g. name: staging");
        } else if (!NAME.matcher(name).matches()) {
            problems.add(where + ": name '" + name + "' must be lower-case letters, digits, - and _ (at most 40)");
        }
        String label = name.isEmpty() ? where : where + " (" + name + ")";
        TargetDatabase database = database(label, text(entry, "url"), text(entry, "url_env"));
        TargetMode mode = TargetMode.AUTO;
        try {
            mode = TargetMode.parse(text(entry, "mode").isEmpty() ? "auto" : text(entry, "mode"));
        } catch (IllegalArgumentException e) {
            problems.add(label + ": mode '" + text(entry, "mode") + "' is not one of "
                    + java.util.Arrays.stream(TargetMode.values()).map(TargetMode::label).toList());
        }
        Path rules = text(entry, "rules").isEmpty() ? null : Path.of(text(entry, "rules"));
        List<Path> hooks = hooks(label, entry.get("hooks"));
        if (problems.size() > before || database == null) {
            return null;
        }
        return new TargetSpec(name, database, mode, text(entry, "app"), rules, hooks);
    }

    /** A URL written in the file is allowed for a password-less one only: secrets stay out of checked-in files. */
    private TargetDatabase database(String label, String url, String variable) {
        if (!url.isEmpty() && !variable.isEmpty()) {
            problems.add(label + ": give url or url_env, not both");
            return null;
        }
        if (url.isEmpty() && variable.isEmpty()) {
            problems.add(label + " has no database: set url_env to the name of the variable holding its "
                    + "postgres://user:password@host:5432/db URL");
            return null;
        }
        String value = url;
        String setting = label + " url";
        if (!variable.isEmpty()) {
            value = variables.apply(variable);
            setting = variable + " (url_env of " + label + ")";
            if (value == null || value.isBlank()) {
                problems.add(label + ": the variable " + variable + " (url_env) is not set: export it with the "
                        + "target's postgres:// URL");
                return null;
            }
        }
        try {
            TargetDatabase database = TargetDatabase.parse(value, setting);
            if (!url.isEmpty() && database.hasPassword()) {
                problems.add(label + ": its url holds a password, which must not be written in a file: put the URL "
                        + "in a variable and name it with url_env");
                return null;
            }
            return database;
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private List<Path> hooks(String label, Object raw) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof String single) {
            return List.of(Path.of(single.trim()));
        }
        if (raw instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(h -> Path.of(((String) h).trim())).toList();
        }
        problems.add(label + ": hooks must be a file or a list of files");
        return null;
    }

    private static String text(Map<?, ?> entry, String key) {
        Object v = entry.get(key);
        return v == null ? "" : String.valueOf(v).trim();
    }
}
