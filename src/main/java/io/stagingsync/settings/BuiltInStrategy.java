package io.stagingsync.settings;

import static io.stagingsync.archive.QualifiedName.quote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gem's five strategies, its leaks fixed: pseudonyms are salted hashes of the value (same value, same salt, same
 * pseudonym in every table, so joins on them hold), derived columns are computed from the masked values, phone
 * numbers are unique per row, NULL stays NULL, nothing needs pgcrypto.
 */
public final class BuiltInStrategy {

    /** The session setting the salt travels in, set as a bind parameter so that it never appears in SQL text. */
    public static final String SALT_SETTING = "staging_sync.salt";
    public static final Set<String> NAMES = Set.of("user", "phone", "payment", "email", "address");

    private static final String SALT = "current_setting('" + SALT_SETTING + "')";
    private static final String MD5_HEX = "[0-9a-f]{32}";
    private static final String ANY = "^.*$";

    /**
     * The strategy applied to a table.
     *
     * @param columns   column → SQL expression, for the columns the table has
     * @param generated what each of those columns' values must look like
     * @param skipped   columns the strategy knows that the table's data does not hold
     * @param salted    columns whose values need the salt
     * @param matched   whether the table has at least one column the strategy writes
     */
    public record Expansion(Map<String, String> columns, Map<String, GeneratedColumn> generated, List<String> skipped,
                            List<String> salted, boolean matched) {
    }

    private final MaskingSettings settings;
    private final List<String> tableColumns;
    private final Map<String, String> overrides;
    private final Map<String, String> columns = new LinkedHashMap<>();
    private final Map<String, GeneratedColumn> generated = new LinkedHashMap<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> salted = new ArrayList<>();
    private boolean matched;

    private BuiltInStrategy(MaskingSettings settings, List<String> tableColumns, Map<String, String> overrides) {
        this.settings = settings;
        this.tableColumns = tableColumns;
        this.overrides = overrides;
    }

    /**
     * @param tableColumns the columns the archive holds data for
     * @param overrides    the entry's own {@code columns:}, which replace the strategy's expression for a column
     */
    public static Expansion expand(String name, List<String> tableColumns, Map<String, String> overrides,
                                   MaskingSettings settings) {
        BuiltInStrategy s = new BuiltInStrategy(settings, tableColumns, overrides);
        switch (name) {
            case "user" -> s.user();
            case "phone" -> s.phone();
            case "payment" -> s.constant("card_last4", "XXXX");
            case "email" -> s.email("email");
            case "address" -> s.address();
            default -> throw new IllegalArgumentException("not a built-in strategy: " + name);
        }
        overrides.forEach(s.columns::putIfAbsent);
        return new Expansion(s.columns, s.generated, s.skipped, s.salted, s.matched);
    }

    private void user() {
        email("email");
        if (writes("email_md5")) {
            // the hash the application would compute from the masked address, never from the real one
            boolean derived = tableColumns.contains("email");
            put("email_md5", derived ? "md5(" + expr("email") + ")" : pseudonym("email_md5"),
                    new GeneratedColumn("^" + MD5_HEX + "$", derived ? "md5(" + quote("email") + ")" : null, true),
                    !derived || salted.contains("email"));
        }
        constant("first_name", "Demo");
        if (writes("last_name")) {
            put("last_name", "'User-' || left(" + pseudonym("last_name") + ", 10)",
                    new GeneratedColumn("^User-[0-9a-f]{10}$", null, false), true);
        }
        if (writes("full_name")) {
            boolean derived = tableColumns.contains("first_name") && tableColumns.contains("last_name");
            boolean ownParts = !overridden("first_name") && !overridden("last_name");
            put("full_name", derived
                            ? expr("first_name") + " || ' ' || " + expr("last_name")
                            : "'Demo User-' || left(" + pseudonym("full_name") + ", 10)",
                    new GeneratedColumn(ownParts ? "^Demo User-[0-9a-f]{10}$" : ANY,
                            derived ? quote("first_name") + " || ' ' || " + quote("last_name") : null, false),
                    !derived || salted.contains("first_name") || salted.contains("last_name"));
        }
        constant("credit_card_last_4", "XXXX");
        constant("iban_last4", "XXXX");
        nulled("stripe_customer_id");
        address();
        for (String column : List.of("birth_date", "birth_place", "billing_extra", "zendesk_user_id")) {
            nulled(column);
        }
    }

    /**
     * Unique per row and never a real number: +999 is no country's calling code. From {@code id} when the table
     * has one (never truncated, unlike the gem's lpad), else from a salted hash of the number.
     */
    private void phone() {
        if (!writes("number")) {
            return;
        }
        if (tableColumns.contains("id")) {
            String id = quote("id") + "::text";
            put("number", "CASE WHEN " + quote("number") + " IS NOT NULL THEN '+999' || right(repeat('0', 9) || " + id
                    + ", greatest(9, length(" + id + "))) END", new GeneratedColumn("^\\+999[0-9]{9,}$", null, true), false);
        } else {
            put("number", "'+999' || lpad(((('x' || left(" + pseudonym("number") + ", 12))::bit(48)::bigint) "
                    + "% 1000000000000)::text, 12, '0')", new GeneratedColumn("^\\+999[0-9]{12}$", null, false), true);
        }
    }

    private void email(String column) {
        if (writes(column)) {
            put(column, "'user-' || " + pseudonym("email", quote(column)) + " || " + literal("@" + settings.fakeDomain()),
                    new GeneratedColumn("^user-" + MD5_HEX + regexLiteral("@" + settings.fakeDomain()) + "$", null, true),
                    true);
        }
    }

    private void address() {
        constant("address_line1", settings.fakeStreet());
        nulled("address_line2");
        constant("city", settings.fakeCity());
        constant("postal_code", settings.fakePostalCode());
    }

    /** A fixed value where the original has one; NULL stays NULL. */
    private void constant(String column, String value) {
        if (writes(column)) {
            put(column, "CASE WHEN " + quote(column) + " IS NOT NULL THEN " + literal(value) + " END",
                    new GeneratedColumn("^" + regexLiteral(value) + "$", null, false), false);
        }
    }

    private void nulled(String column) {
        if (writes(column)) {
            put(column, "NULL", new GeneratedColumn(null, null, true), false);
        }
    }

    /** The entry's own expression wins, unchecked: only the strategy's generators have a known shape. */
    private void put(String column, String expression, GeneratedColumn check, boolean needsSalt) {
        if (overridden(column)) {
            columns.put(column, overrides.get(column));
            return;
        }
        columns.put(column, expression);
        generated.put(column, check);
        if (needsSalt) {
            salted.add(column);
        }
    }

    /** Whether the table has the column; when it has not, the report lists it as skipped. */
    private boolean writes(String column) {
        if (tableColumns.contains(column)) {
            matched = true;
            return true;
        }
        skipped.add(column);
        return false;
    }

    private boolean overridden(String column) {
        return overrides.containsKey(column);
    }

    /** The masked value of a column already written by this strategy (or the entry's own expression for it). */
    private String expr(String column) {
        return "(" + columns.get(column) + ")";
    }

    private static String pseudonym(String column) {
        return pseudonym(column, quote(column));
    }

    /** A salted hash: without the salt, nobody can hash candidate values and compare. The purpose separates uses. */
    private static String pseudonym(String purpose, String value) {
        return "md5(" + SALT + " || " + literal(":" + purpose + ":") + " || (" + value + ")::text)";
    }

    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Every character that is not a letter, digit or space escaped: in PostgreSQL's regex, \. is a literal dot. */
    static String regexLiteral(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().forEach(cp -> {
            if (!Character.isLetterOrDigit(cp) && cp != ' ') {
                out.append('\\');
            }
            out.appendCodePoint(cp);
        });
        return out.toString();
    }
}
