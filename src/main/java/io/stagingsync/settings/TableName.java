package io.stagingsync.settings;

import java.util.ArrayList;
import java.util.List;

/** A table as written in the rules file: {@code users}, {@code billing.invoices}, {@code "AuditTrail"}. */
public record TableName(String schema, String name, boolean quoted) {

    public static TableName parse(String raw) {
        List<String> parts = new ArrayList<>();
        List<Boolean> quotedParts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inQuotes = false;
        boolean wasQuoted = false;
        String s = raw.trim();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inQuotes) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else if (c == '"') {
                    inQuotes = false;
                } else {
                    current.append(c);
                }
            } else if (c == '"') {
                inQuotes = true;
                wasQuoted = true;
            } else if (c == '.') {
                parts.add(current.toString());
                quotedParts.add(wasQuoted);
                current.setLength(0);
                wasQuoted = false;
            } else {
                current.append(c);
            }
        }
        if (inQuotes) {
            throw new IllegalArgumentException("unbalanced double quote in table name " + raw);
        }
        parts.add(current.toString());
        quotedParts.add(wasQuoted);
        if (parts.size() > 2 || parts.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("'" + raw + "' is not a table name: use table or schema.table");
        }
        return parts.size() == 1
                ? new TableName(null, parts.get(0), quotedParts.get(0))
                : new TableName(parts.get(0), parts.get(1), quotedParts.get(1));
    }

    /** Whether this name designates {@code schema.name}; unquoted names also match their lower-case form. */
    public boolean matches(String otherSchema, String otherName) {
        boolean schemaOk = schema == null || schema.equals(otherSchema) || schema.toLowerCase().equals(otherSchema);
        boolean nameOk = name.equals(otherName) || (!quoted && name.toLowerCase().equals(otherName));
        return schemaOk && nameOk;
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
