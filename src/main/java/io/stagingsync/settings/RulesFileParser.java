package io.stagingsync.settings;

import io.stagingsync.failure.RefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/** Reads and validates the whole rules file; every problem at once, with its file, entry and field. */
public final class RulesFileParser {

    static final long MAX_FILE_BYTES = 1024 * 1024;
    static final Set<String> BUILT_IN_STRATEGIES = BuiltInStrategy.NAMES;
    private static final Set<String> ROOT_KEYS = Set.of("tables", "strategies", "exclude_tables", "pii_scan");
    private static final Set<String> STRATEGY_KEYS = Set.of("columns");

    private final List<String> problems = new ArrayList<>();
    private String fileName;

    void problem(String what) {
        problems.add(fileName + ": " + what);
    }

    public AnonymizationRules parse(Path file) {
        fileName = file.toString();
        byte[] bytes = read(file);
        Object root;
        try {
            LoadSettings settings = LoadSettings.builder()
                    .setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(20)
                    .setLabel(fileName)
                    .build();
            root = new Load(settings).loadFromString(new String(bytes, StandardCharsets.UTF_8));
        } catch (YamlEngineException e) {
            // the parser's own lines: its excerpt of the file, and the '^' under the column at fault
            throw new RefusedException(fileName + " is not valid YAML:\n" + e.getMessage().stripTrailing());
        }
        if (root == null) {
            throw new RefusedException(fileName + " is empty: list the tables to anonymize under 'tables:'");
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new RefusedException(fileName + ": the top level must be a map with 'tables:' (and optionally "
                    + "'strategies:', 'exclude_tables:')");
        }
        unknownKeys(map, ROOT_KEYS, "the top level");
        PiiScanRules piiScan = new PiiScanSection(this).parse(map.get("pii_scan"));
        Map<String, Map<String, String>> strategies = strategies(map.get("strategies"));
        List<TableRule> tables = new TablesSection(this, strategies).parse(map.get("tables"));
        List<TableName> excluded = excluded(map.get("exclude_tables"));
        for (TableRule rule : tables) {
            if (excluded.contains(rule.table())) {
                problems.add(fileName + ": " + rule.entry() + " is also listed in exclude_tables: an excluded "
                        + "table has no data to anonymize, keep only one of the two");
            }
        }
        if (!problems.isEmpty()) {
            throw new RefusedException(problems);
        }
        return new AnonymizationRules(file, sha256(bytes), tables, excluded, piiScan);
    }

    private byte[] read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new RefusedException("the rules file " + file.toAbsolutePath() + " does not exist: set "
                        + "SYNC_ANONYMIZATION_FILE to your anonymization.yaml");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new RefusedException("the rules file " + file + " is larger than 1 MiB: is it the right file?");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RefusedException("the rules file " + file + " cannot be read: " + e.getMessage());
        }
    }

    private Map<String, Map<String, String>> strategies(Object node) {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        if (node == null) {
            return result;
        }
        if (!(node instanceof Map<?, ?> map)) {
            problems.add(fileName + ": 'strategies' must map strategy names to {columns: {...}}");
            return result;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            String where = "strategies." + name;
            if (BUILT_IN_STRATEGIES.contains(name)) {
                problems.add(fileName + ": " + where + " has the name of a built-in strategy: choose another name");
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> body)) {
                problems.add(fileName + ": " + where + " must be a map with 'columns:'");
                continue;
            }
            unknownKeys(body, STRATEGY_KEYS, where);
            Map<String, String> columns = columns(body.get("columns"), where);
            if (columns.isEmpty()) {
                problems.add(fileName + ": " + where + " needs a non-empty 'columns:' map");
            }
            result.put(name, columns);
        }
        return result;
    }

    Map<String, String> columns(Object node, String where) {
        Map<String, String> result = new LinkedHashMap<>();
        if (node == null) {
            return result;
        }
        if (!(node instanceof Map<?, ?> map)) {
            problems.add(fileName + ": " + where + ": 'columns' must map column names to SQL expressions, "
                    + "e.g. {email: \"'user' || id || '@example.test'\"}");
            return result;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String column = String.valueOf(e.getKey());
            Object expr = e.getValue();
            if (expr == null) {
                result.put(column, "NULL");
            } else if (expr instanceof String || expr instanceof Number || expr instanceof Boolean) {
                String text = String.valueOf(expr).trim();
                if (text.isEmpty()) {
                    problems.add(fileName + ": " + where + ": column '" + column + "' has an empty expression");
                } else {
                    result.put(column, text);
                }
            } else {
                problems.add(fileName + ": " + where + ": column '" + column + "' must be an SQL expression (a string)");
            }
        }
        return result;
    }

    private List<TableName> excluded(Object node) {
        List<TableName> result = new ArrayList<>();
        if (node == null) {
            return result;
        }
        if (!(node instanceof List<?> list)) {
            problems.add(fileName + ": 'exclude_tables' must be a list of table names");
            return result;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String name) || name.isBlank()) {
                problems.add(fileName + ": exclude_tables[" + i + "] must be a table name");
                continue;
            }
            try {
                result.add(TableName.parse(name));
            } catch (IllegalArgumentException e) {
                problems.add(fileName + ": exclude_tables[" + i + "]: " + e.getMessage());
            }
        }
        return result;
    }

    String optionalText(Map<?, ?> entry, String key, String where) {
        Object v = entry.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            problems.add(fileName + ": " + where + ": '" + key + "' must be a non-empty text");
            return null;
        }
        return s.trim();
    }

    void unknownKeys(Map<?, ?> map, Set<String> allowed, String where) {
        for (Object key : map.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                problems.add(fileName + ": " + where + " has an unknown key '" + key + "'; allowed: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
