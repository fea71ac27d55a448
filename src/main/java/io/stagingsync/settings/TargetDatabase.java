package io.stagingsync.settings;

import io.stagingsync.secrets.Redactor;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** A connection from a postgres:// URL; the password leaves only through the driver and a .pgpass line. */
public final class TargetDatabase {

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> parameters;

    private TargetDatabase(String host, int port, String database, String user, String password,
                           Map<String, String> parameters) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.parameters = Map.copyOf(parameters);
    }

    /**
     * Parses {@code postgres://user:pass@host:port/db?sslmode=require}.
     *
     * @param settingName the variable the URL came from, named in error messages
     */
    public static TargetDatabase parse(String url, String settingName) {
        String shown = settingName;
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(shown + " is not a valid URL: expected postgres://user:password@host:5432/database");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("postgres") || scheme.equals("postgresql"))) {
            throw new IllegalArgumentException(shown + " must start with postgres:// or postgresql://");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException(shown + " has no host: expected postgres://user:password@host:5432/database");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (path.isBlank()) {
            throw new IllegalArgumentException(shown + " names no database: add /<database> after the host");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String[] kv = pair.split("=", 2);
                params.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        Redactor.register(password);
        return new TargetDatabase(uri.getHost(), port, decode(path), user, password, params);
    }

    /** The URL without its credentials (whatever characters the password holds), for messages. */
    public static String redact(String url) {
        if (url == null) {
            return "";
        }
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        return scheme >= 0 && at > scheme ? url.substring(0, scheme + 3) + "***@" + url.substring(at + 1) : url;
    }

    /** The same server, user and options, another database of it (the swap's copy, the maintenance database). */
    public TargetDatabase withDatabase(String otherDatabase) {
        return new TargetDatabase(host, port, otherDatabase, user, password, parameters);
    }

    /** One connection outside the run's pool (the run's lock, the swap's renames). */
    public java.sql.Connection connect() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl(), jdbcProperties());
    }

    /** Percent-decoding as in a URL path or user info: a '+' stays a '+'. */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    /** True when the URL asks libpq for an encrypted connection (sslmode require, verify-ca or verify-full). */
    public boolean requiresTls() {
        String mode = parameters.getOrDefault("sslmode", "");
        return mode.equals("require") || mode.equals("verify-ca") || mode.equals("verify-full");
    }

    public boolean hasPassword() {
        return password != null;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Driver properties: credentials and the URL's query parameters (sslmode…). */
    public Properties jdbcProperties() {
        Properties p = new Properties();
        parameters.forEach(p::setProperty);
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "staging-sync");
        // the name and pgjdbc's settings go in the startup packet, not a SET: the masking session's DISCARD ALL
        // then resets to them, and the connection stays recognisable in pg_stat_activity
        p.setProperty("assumeMinServerVersion", "10");
        // the server's DETAIL ("Failing row contains (…)") may hold personal data: keep it out of messages
        p.setProperty("logServerErrorDetail", "false");
        return p;
    }

    /**
     * A .pgpass line for this connection's host, port and user, with ':' and backslash escaped; null without a
     * password. Host-specific, so that a source and a target can share one file.
     */
    public String pgpassLine() {
        if (password == null) {
            return null;
        }
        return String.join(":", escape(host), Integer.toString(port), "*", user == null ? "*" : escape(user), escape(password));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace(":", "\\:");
    }

    /**
     * libpq variables for pg_restore and pg_dump (no secret is ever part of a command line). The password is
     * left out: it reaches the tools through a mode-600 password file ({@link #pgpassLine()}).
     */
    public Map<String, String> libpqEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", host);
        env.put("PGPORT", Integer.toString(port));
        env.put("PGDATABASE", database);
        if (user != null) {
            env.put("PGUSER", user);
        }
        if (parameters.containsKey("sslmode")) {
            env.put("PGSSLMODE", parameters.get("sslmode"));
        }
        env.put("PGAPPNAME", "staging-sync");
        return env;
    }

    @Override
    public String toString() {
        return (user == null ? "" : user + "@") + host + ":" + port + "/" + database;
    }
}
