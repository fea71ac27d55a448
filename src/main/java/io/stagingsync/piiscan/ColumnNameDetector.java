package io.stagingsync.piiscan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds personal-data categories in a column name, word by word: {@code user_email}, {@code phoneNumber},
 * {@code birth_date}, {@code iban_last4} and plurals ({@code bcc_emails}, {@code secrets}) match; a word that names
 * a setting of the data ({@code email_settings}) or a key pointing at it ({@code address_id}) does not. Some words
 * count only in context: a bare {@code name}, {@code url} or {@code company} in a table of people. Over 250 lines
 * for its word lists: they are the rules themselves, read by one matcher, and stay beside it.
 */
public final class ColumnNameDetector {

    /** Words that alone say what the column holds. */
    private static final Map<String, String> TOKENS = Map.ofEntries(
            Map.entry("email", "contact"), Map.entry("mail", "contact"), Map.entry("phone", "contact"),
            Map.entry("mobile", "contact"), Map.entry("fax", "contact"), Map.entry("tel", "contact"),
            Map.entry("telephone", "contact"), Map.entry("address", "contact"), Map.entry("street", "contact"),
            Map.entry("city", "contact"), Map.entry("postal", "contact"), Map.entry("zip", "contact"),
            Map.entry("postcode", "contact"), Map.entry("zipcode", "contact"), Map.entry("ip", "contact"),
            Map.entry("firstname", "personal"), Map.entry("lastname", "personal"), Map.entry("surname", "personal"),
            Map.entry("fullname", "personal"), Map.entry("forename", "personal"), Map.entry("username", "personal"),
            Map.entry("birth", "personal"), Map.entry("birthday", "personal"), Map.entry("birthdate", "personal"),
            Map.entry("dob", "personal"), Map.entry("gender", "personal"), Map.entry("maiden", "personal"),
            Map.entry("photo", "personal"), Map.entry("picture", "personal"), Map.entry("avatar", "personal"),
            Map.entry("ssn", "identity"), Map.entry("nir", "identity"), Map.entry("passport", "identity"),
            Map.entry("fingerprint", "identity"), Map.entry("iban", "financial"), Map.entry("bic", "financial"),
            Map.entry("cvv", "financial"), Map.entry("creditcard", "financial"), Map.entry("salary", "financial"),
            Map.entry("income", "financial"), Map.entry("password", "auth"), Map.entry("passwd", "auth"),
            Map.entry("passphrase", "auth"), Map.entry("token", "auth"), Map.entry("secret", "auth"),
            Map.entry("apikey", "auth"), Map.entry("oauth", "auth"), Map.entry("salt", "auth"),
            Map.entry("credential", "auth"), Map.entry("diagnosis", "medical"),
            Map.entry("medical", "medical"), Map.entry("prescription", "medical"), Map.entry("health", "medical"),
            Map.entry("lat", "location"), Map.entry("lon", "location"), Map.entry("lng", "location"),
            Map.entry("latitude", "location"), Map.entry("longitude", "location"), Map.entry("geolocation", "location"),
            Map.entry("coordinates", "location"),
            // French
            Map.entry("prenom", "personal"), Map.entry("prénom", "personal"), Map.entry("naissance", "personal"),
            Map.entry("sexe", "personal"), Map.entry("civilite", "personal"), Map.entry("civilité", "personal"),
            Map.entry("adresse", "contact"), Map.entry("courriel", "contact"), Map.entry("téléphone", "contact"),
            Map.entry("ville", "contact"), Map.entry("rue", "contact"),
            Map.entry("postale", "contact"), Map.entry("cedex", "contact"), Map.entry("motdepasse", "auth"),
            Map.entry("mdp", "auth"), Map.entry("secu", "identity"), Map.entry("salaire", "financial"));

    /** A word that names personal data only next to a qualifier: {@code first_name}, not a category's name. */
    private record Qualified(String token, Set<String> qualifiers, String category) {
    }

    private static final List<Qualified> QUALIFIED = List.of(
            new Qualified("name", Set.of("first", "last", "full", "middle", "maiden", "given", "family", "sur", "user",
                    "contact", "customer", "person", "nick"), "personal"),
            new Qualified("name", Set.of("legal", "registered"), "identity"),
            new Qualified("nom", Set.of("famille", "jeune", "fille", "usage", "complet", "naissance", "utilisateur",
                    "client", "contact", "marital"), "personal"),
            new Qualified("card", Set.of("credit", "debit", "number", "last4", "pan"), "financial"),
            new Qualified("number", Set.of("account", "card", "bank"), "financial"),
            new Qualified("number", Set.of("social", "security", "tax", "license", "licence", "passport", "legal",
                    "registration", "vat", "siren", "siret"), "identity"),
            new Qualified("id", Set.of("national", "tax", "passport"), "identity"),
            new Qualified("key", Set.of("api", "private", "secret", "hmac", "signing", "encryption", "ssh", "access",
                    "otp", "totp", "master"), "auth"),
            new Qualified("pass", Set.of("crypt", "hash", "hashed", "digest"), "auth"),
            new Qualified("url", Set.of("webhook", "hook"), "auth"),
            new Qualified("url", Set.of("avatar", "profile", "linkedin", "twitter", "facebook", "github", "instagram",
                    "website", "homepage", "social"), "personal"),
            new Qualified("home", Set.of("location", "tile", "position", "place", "coordinates"), "location"));

    private ColumnNameDetector() {
    }

    private static final Set<String> REFERENCE_ENDINGS = Set.of("id", "ids", "uuid", "uid", "fk");

    /** Third parties whose account ids name a person there: {@code stripe_customer_id}, {@code auth_uid}. */
    private static final Set<String> ACCOUNT_PROVIDERS = Set.of("provider", "auth", "oauth", "sso", "saml", "ldap",
            "google", "facebook", "github", "gitlab", "twitter", "apple", "microsoft", "stripe", "salesforce",
            "zendesk", "hubspot", "intercom", "paypal", "okta", "auth0", "keycloak");
    private static final Set<String> ACCOUNT_HOLDERS = Set.of("customer", "user", "account", "member", "contact",
            "profile", "subscriber", "person");

    /** Last words that name a setting or a state of the data, not the data: {@code email_settings}. */
    private static final Set<String> NOT_THE_DATA = Set.of("settings", "setting", "preferences", "preference",
            "template", "templates", "format", "type", "types", "kind", "status", "count", "enabled", "verified",
            "confirmed", "valid", "sent", "frequency", "provider", "policy", "config", "notifications", "locale",
            "domain", "domains", "length", "strength", "algorithm", "algo", "version", "expiry", "at");

    /** Second words of names written in one lower-case piece: {@code phonenumber}, {@code emailaddress}. */
    private static final Set<String> SECOND_WORDS = Set.of("number", "name", "address", "date", "code", "line", "id",
            "no", "num", "last4");

    /** A bare {@code name} or {@code nom}: a person's in a table of people or beside their contact data. */
    private static final Set<String> BARE_NAMES = Set.of("name", "nom");

    /** Words that name a person's data in a table of people only: {@code customers.url}, {@code users.company}. */
    private static final Set<String> PEOPLE_WORDS = Set.of("url", "website", "homepage", "logo", "image", "company",
            "employer", "occupation", "jobtitle", "displayname");

    private static final Set<String> PICTURES = Set.of("photo", "picture", "avatar", "image", "logo");

    /** The last word of a table's name (singular) that says its rows are people. */
    private static final Set<String> PEOPLE = Set.of("user", "customer", "member", "account", "profile", "person",
            "people", "contact", "employee", "staff", "author", "client", "patient", "student", "subscriber",
            "participant", "applicant", "candidate", "guest", "visitor", "recipient", "buyer", "seller", "driver",
            "utilisateur", "personne", "salarie", "salarié", "adherent", "adhérent", "eleve", "élève");

    /**
     * The last word of a table's name (singular) that says its rows are postal addresses: {@code addresses.line1}
     * ({@code adresses} loses its plural as {@code adress}).
     */
    private static final Set<String> ADDRESS_TABLES = Set.of("address", "adresse", "adress");
    private static final Set<String> ADDRESS_LINES = Set.of("line", "ligne");

    /** The last word of a table's name (singular) that says it holds secrets: {@code api_keys.value}. */
    private static final Set<String> SECRET_TABLES = Set.of("key", "token", "secret", "credential", "password");
    private static final Set<String> SECRET_COLUMNS = Set.of("value", "key", "token", "secret", "digest", "hash");

    /** Words of a table's name that say its links are people's profiles: {@code social_links.url}. */
    private static final Set<String> PROFILE_TABLES = Set.of("social", "profile");
    private static final Set<String> LINK_COLUMNS = Set.of("url", "link", "handle", "uri");

    /**
     * Tables whose bare {@code name} is a thing's: a product, a category, a language. Words of the table's name,
     * singular or plural.
     */
    private static final Set<String> THINGS = Set.of("category", "categorie", "catégorie", "product", "produit",
            "language", "langue", "country", "pays", "tag", "label", "genre", "role", "permission", "plan", "feature",
            "setting", "status", "type", "currency", "region", "media", "playlist", "album", "track", "film", "movie",
            "brand", "marque", "team", "equipe", "group", "groupe", "project", "projet", "department", "service",
            "organization", "organisation", "company", "societe", "société", "store", "shop", "skill", "channel",
            "metric", "event", "job", "queue", "table", "schema", "index", "template", "collection", "coupon", "tax",
            "webhook", "endpoint", "integration", "provider", "alert", "campaign", "section", "privilege", "unit",
            "phase", "attachment", "key", "monitor", "workflow", "report", "dashboard", "widget", "entity");

    /** The category the column's name points at in its table beside its sibling columns, or null. */
    public static String category(String tableName, String columnName, List<String> siblings) {
        List<String> table = tokens(tableName).stream().map(ColumnNameDetector::singular).toList();
        boolean things = table.stream().anyMatch(THINGS::contains);
        List<String> words = tokens(columnName);
        String category = category(columnName);
        if (category != null) {
            // a project's or a group's avatar is not a person's picture
            return things && words.stream().anyMatch(PICTURES::contains) ? null : category;
        }
        String head = table.isEmpty() ? "" : table.get(table.size() - 1);
        String column = String.join("", words);
        boolean people = PEOPLE.contains(head);
        if (people && (PEOPLE_WORDS.contains(column) || words.size() == 2 && PEOPLE_WORDS.contains(words.get(0))
                && Set.of("url", "name", "title").contains(words.get(1)))) {
            return "personal";
        }
        if (ADDRESS_TABLES.contains(head) && ADDRESS_LINES.contains(column.replaceFirst("\\d+$", ""))) {
            return "contact";
        }
        if (SECRET_TABLES.contains(head) && SECRET_COLUMNS.contains(column)) {
            return "auth";
        }
        if (table.stream().anyMatch(PROFILE_TABLES::contains) && LINK_COLUMNS.contains(column)) {
            return "personal";
        }
        if (!BARE_NAMES.contains(column) || things) {
            return null;
        }
        boolean besideContact = siblings.stream().filter(s -> !s.equals(columnName))
                .map(ColumnNameDetector::category).anyMatch(c -> "contact".equals(c));
        return people || besideContact ? "personal" : null;
    }

    /** The category the name alone points at, or null. */
    public static String category(String columnName) {
        List<String> tokens = new ArrayList<>();
        for (String token : tokens(columnName)) {
            tokens.add(token);
            // address2 → address
            String word = token.replaceFirst("\\d+$", "");
            if (!word.equals(token) && !word.isEmpty()) {
                tokens.add(word);
            }
            String singular = singular(word);
            if (!singular.equals(word)) {
                tokens.add(singular);
            }
            tokens.addAll(compound(singular));
        }
        if (tokens.isEmpty()) {
            return null;
        }
        String last = tokens.get(tokens.size() - 1);
        if (REFERENCE_ENDINGS.contains(last)) {
            // address_id, city_id: a key pointing at the data, judged in its own table; stripe_customer_id: an account
            return externalAccount(tokens) ? "identity" : qualified(tokens);
        }
        if (NOT_THE_DATA.contains(last)) {
            return null;
        }
        for (String token : tokens) {
            String category = TOKENS.get(token);
            if (category != null) {
                return category;
            }
        }
        return qualified(tokens);
    }

    /** {@code auth_uid}, {@code provider_customer_id}: a third party's id for the person, not a key of this database. */
    private static boolean externalAccount(List<String> tokens) {
        boolean provider = tokens.stream().anyMatch(ACCOUNT_PROVIDERS::contains);
        return provider && (tokens.get(tokens.size() - 1).equals("uid") || tokens.stream().anyMatch(ACCOUNT_HOLDERS::contains)
                || tokens.stream().anyMatch(t -> ACCOUNT_PROVIDERS.contains(t) && !t.equals("provider")));
    }

    /** Whether the name ends like a key's: {@code tax_id}, {@code owner_uuid}. */
    static boolean isKeyName(String columnName) {
        List<String> tokens = tokens(columnName);
        return !tokens.isEmpty() && REFERENCE_ENDINGS.contains(tokens.get(tokens.size() - 1));
    }

    /** emails → email, addresses → address, secrets → secret; a word that is no plural stays. */
    private static String singular(String word) {
        if (word.endsWith("ies") && word.length() > 4) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.endsWith("sses") || word.endsWith("xes") || word.endsWith("ches") || word.endsWith("shes")) {
            return word.substring(0, word.length() - 2);
        }
        if (word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")
                && word.length() > 3) {
            return word.substring(0, word.length() - 1);
        }
        return word;
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
