package io.stagingsync.piiscan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds personal-data categories in a column name, token by token: {@code user_email}, {@code phoneNumber},
 * {@code birth_date} and {@code iban_last4} all match, where the gem's word-bounded regexes missed them.
 */
public final class ColumnNameDetector {

    /** Tokens that alone say what the column holds. */
    private static final Map<String, String> TOKENS = Map.ofEntries(
            Map.entry("email", "contact"), Map.entry("mail", "contact"), Map.entry("phone", "contact"),
            Map.entry("mobile", "contact"), Map.entry("fax", "contact"), Map.entry("tel", "contact"),
            Map.entry("telephone", "contact"), Map.entry("telephones", "contact"), Map.entry("address", "contact"), Map.entry("street", "contact"),
            Map.entry("city", "contact"), Map.entry("postal", "contact"), Map.entry("zip", "contact"),
            Map.entry("postcode", "contact"), Map.entry("zipcode", "contact"), Map.entry("ip", "contact"),
            Map.entry("firstname", "personal"), Map.entry("lastname", "personal"), Map.entry("surname", "personal"),
            Map.entry("fullname", "personal"), Map.entry("forename", "personal"), Map.entry("username", "personal"),
            Map.entry("birth", "personal"), Map.entry("birthday", "personal"), Map.entry("birthdate", "personal"),
            Map.entry("dob", "personal"), Map.entry("gender", "personal"), Map.entry("maiden", "personal"),
            Map.entry("photo", "personal"), Map.entry("picture", "personal"), Map.entry("avatar", "personal"),
            Map.entry("ssn", "identity"), Map.entry("nir", "identity"), Map.entry("passport", "identity"),
            Map.entry("iban", "financial"), Map.entry("bic", "financial"), Map.entry("cvv", "financial"),
            Map.entry("creditcard", "financial"), Map.entry("salary", "financial"), Map.entry("income", "financial"),
            Map.entry("password", "auth"), Map.entry("passwd", "auth"), Map.entry("token", "auth"),
            Map.entry("secret", "auth"), Map.entry("apikey", "auth"), Map.entry("oauth", "auth"),
            Map.entry("credential", "auth"), Map.entry("credentials", "auth"), Map.entry("diagnosis", "medical"),
            Map.entry("medical", "medical"), Map.entry("prescription", "medical"), Map.entry("health", "medical"),
            // French
            Map.entry("prenom", "personal"), Map.entry("prénom", "personal"), Map.entry("naissance", "personal"),
            Map.entry("sexe", "personal"), Map.entry("civilite", "personal"), Map.entry("civilité", "personal"),
            Map.entry("adresse", "contact"), Map.entry("courriel", "contact"), Map.entry("téléphone", "contact"),
            Map.entry("ville", "contact"), Map.entry("rue", "contact"),
            Map.entry("postale", "contact"), Map.entry("cedex", "contact"), Map.entry("motdepasse", "auth"),
            Map.entry("mdp", "auth"), Map.entry("secu", "identity"), Map.entry("salaire", "financial"));
    /** A token that names personal data only next to a qualifier: {@code first_name}, not a category's name. */
    private record Qualified(String token, Set<String> qualifiers, String category) {
    }

    private static final List<Qualified> QUALIFIED = List.of(
            new Qualified("name", Set.of("first", "last", "full", "middle", "maiden", "given", "family", "sur", "user",
                    "display", "contact", "customer", "person", "nick"), "personal"),
            new Qualified("nom", Set.of("famille", "jeune", "fille", "usage", "complet", "naissance", "utilisateur",
                    "client", "contact", "marital"), "personal"),
            new Qualified("card", Set.of("credit", "debit", "number", "last4", "pan"), "financial"),
            new Qualified("number", Set.of("account", "card", "bank"), "financial"),
            new Qualified("number", Set.of("social", "security", "tax", "license", "licence", "passport"), "identity"),
            new Qualified("id", Set.of("national", "tax", "passport"), "identity"),
            new Qualified("key", Set.of("api", "private", "secret"), "auth"));

    private ColumnNameDetector() {
    }

    private static final Set<String> REFERENCE_ENDINGS = Set.of("id", "ids", "uuid", "fk");

    /** Second words of names written in one lower-case piece: {@code phonenumber}, {@code emailaddress}. */
    private static final Set<String> SECOND_WORDS = Set.of("number", "name", "address", "date", "code", "line", "id",
            "no", "num", "last4");

    /** A bare {@code name} or {@code nom}: a person's, unless the table names a thing rather than people. */
    private static final Set<String> BARE_NAMES = Set.of("name", "nom");

    /**
     * Tables whose bare {@code name} is a thing's: a product, a category, a language. Tokens of the table's name,
     * singular or plural; anything else (users, customers, contacts, an unknown table) keeps the finding.
     */
    private static final Set<String> THINGS = Set.of("category", "categorie", "catégorie", "product", "produit",
            "language", "langue", "country", "pays", "tag", "label", "genre", "role", "permission", "plan", "feature",
            "setting", "status", "type", "currency", "region", "media", "playlist", "album", "track", "film", "movie",
            "brand", "marque", "team", "equipe", "group", "groupe", "project", "projet", "department", "service",
            "organization", "organisation", "company", "societe", "société", "store", "shop", "skill", "channel",
            "metric", "event", "job", "queue", "table", "schema", "index", "template", "collection", "coupon", "tax",
            "webhook", "endpoint", "integration", "provider", "alert", "campaign", "section", "privilege", "unit",
            "phase", "attachment", "key", "monitor", "workflow", "report", "dashboard", "widget");

    /** The category the column's name points at in that table, or null; a bare {@code name} counts (see THINGS). */
    public static String category(String tableName, String columnName) {
        String category = category(columnName);
        if (category != null || !BARE_NAMES.contains(columnName.toLowerCase(Locale.ROOT))) {
            return category;
        }
        boolean thing = tokens(tableName).stream().anyMatch(t -> THINGS.contains(t)
                || t.endsWith("ies") && THINGS.contains(t.substring(0, t.length() - 3) + "y")
                || t.endsWith("es") && THINGS.contains(t.substring(0, t.length() - 2))
                || t.endsWith("s") && THINGS.contains(t.substring(0, t.length() - 1)));
        return thing ? null : "personal";
    }

    /** The category the name points at, or null. */
    public static String category(String columnName) {
        List<String> tokens = new ArrayList<>();
        for (String token : tokens(columnName)) {
            tokens.add(token);
            // address2 → address
            String word = token.replaceFirst("\\d+$", "");
            if (!word.equals(token) && !word.isEmpty()) {
                tokens.add(word);
            }
            tokens.addAll(compound(word));
        }
        if (!tokens.isEmpty() && REFERENCE_ENDINGS.contains(tokens.get(tokens.size() - 1))) {
            // address_id, city_id: a key pointing at the data, which the scan judges in its own table
            return qualified(tokens);
        }
        for (String token : tokens) {
            String category = TOKENS.get(token);
            if (category != null) {
                return category;
            }
        }
        return qualified(tokens);
    }

    private static String qualified(List<String> tokens) {
        for (Qualified q : QUALIFIED) {
            if (tokens.contains(q.token()) && tokens.stream().anyMatch(q.qualifiers()::contains)) {
                return q.category();
            }
        }
        return null;
    }

    /** A known word followed by a common second word, or the empty list. */
    private static List<String> compound(String token) {
        for (int i = 2; i < token.length() - 1; i++) {
            String first = token.substring(0, i);
            String second = token.substring(i);
            boolean known = TOKENS.containsKey(first) || QUALIFIED.stream().anyMatch(q -> q.qualifiers().contains(first));
            if (known && (SECOND_WORDS.contains(second) || TOKENS.containsKey(second))) {
                return List.of(first, second);
            }
        }
        return List.of();
    }

    /** Splits on non-letters and on camelCase humps; digits end a token ({@code iban_last4} → iban, last4). */
    static List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            // phoneNumber → phone, number; IPAddress → ip, address
            boolean hump = Character.isUpperCase(c) && i > 0 && (Character.isLowerCase(name.charAt(i - 1))
                    || Character.isUpperCase(name.charAt(i - 1)) && i + 1 < name.length()
                    && Character.isLowerCase(name.charAt(i + 1)));
            if (!Character.isLetterOrDigit(c) || hump) {
                flush(tokens, current);
            }
            if (Character.isLetterOrDigit(c)) {
                current.append(Character.toLowerCase(c));
            }
        }
        flush(tokens, current);
        return tokens;
    }

    private static void flush(List<String> tokens, StringBuilder current) {
        if (!current.isEmpty()) {
            tokens.add(current.toString().toLowerCase(Locale.ROOT));
            current.setLength(0);
        }
    }
}
