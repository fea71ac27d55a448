package io.stagingsync.guard;

import io.stagingsync.settings.GuardSettings;
import io.stagingsync.settings.Hosts;
import io.stagingsync.settings.SyncSettings;
import io.stagingsync.settings.TargetDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Every reason to believe the target is production, or the source itself, found at once (no secret named). */
public final class ProductionGuards {

    private final GuardSettings guards;

    public ProductionGuards(GuardSettings guards) {
        this.guards = guards;
    }

    /**
     * @param sourceHost    the source database's host (Scalingo db-api or live URL); null for a file
     * @param sourceAddonId the source's Scalingo addon; null unless the source is Scalingo
     * @return the problems, empty when the target may be written
     */
    public List<String> problems(SyncSettings settings, String sourceHost, String sourceAddonId) {
        return problems(settings, settings.target(), settings.app() == null ? "" : settings.app(), sourceHost,
                sourceAddonId);
    }

    /** As above, for {@code target} and its {@code app} (one of the targets SYNC_TARGETS lists). */
    public List<String> problems(SyncSettings settings, TargetDatabase target, String app, String sourceHost,
                                 String sourceAddonId) {
        List<String> problems = new ArrayList<>();
        boolean allowListed = allowListed(app, target);
        if (!guards.allowedTargets().isEmpty() && !allowListed) {
            problems.add("the target " + describe(app, target) + " is not in SYNC_GUARD_ALLOWED_TARGETS "
                    + guards.allowedTargets() + ": add its app name or host there if it really is a staging database");
        }
        if (!allowListed) {
            pattern(app).ifPresent(p -> problems.add("APP=" + app + " looks like production (matches \"" + p
                    + "\" of SYNC_GUARD_PRODUCTION_PATTERNS): point the sync at a staging app, or list it in "
                    + "SYNC_GUARD_ALLOWED_TARGETS if the name is misleading"));
            pattern(target.host()).ifPresent(p -> problems.add("the target host " + target.host()
                    + " looks like production (matches \"" + p + "\" of SYNC_GUARD_PRODUCTION_PATTERNS): check "
                    + "DATABASE_URL, or list the host in SYNC_GUARD_ALLOWED_TARGETS if the name is misleading"));
        }
        String sourceApp = sourceApp(settings);
        if (!app.isEmpty() && app.equalsIgnoreCase(sourceApp)) {
            problems.add("the target app " + app + " is the source app (SYNC_SOURCE_APP): the sync would overwrite "
                    + "production with its own anonymized copy; run it in the staging app");
        }
        if (sourceHost != null && sameDatabaseServer(target, sourceHost, settings.liveSource())) {
            problems.add("the target " + target + " is on the source database's host " + sourceHost
                    + ": DATABASE_URL must name the staging database, never production's");
        }
        if (sourceAddonId != null && !guards.targetAddonId().isEmpty()
                && guards.targetAddonId().equalsIgnoreCase(sourceAddonId)) {
            problems.add("the target addon " + guards.targetAddonId() + " (SYNC_TARGET_ADDON_ID) is the source's "
                    + "PostgreSQL addon: the target must be the staging app's own database");
        }
        if (!Hosts.isLoopback(target.host()) && !target.requiresTls() && !guards.allowInsecure()) {
            problems.add("DATABASE_URL reaches " + target.host() + " without TLS: add ?sslmode=require (or "
                    + "verify-full) to the URL, or set SYNC_TARGET_ALLOW_INSECURE=true if the network is trusted");
        }
        return problems;
    }

    /**
     * The same host name is the same server, except on this machine, where a developer may keep both: there only
     * the very same database is refused.
     */
    private static boolean sameDatabaseServer(TargetDatabase target, String sourceHost, TargetDatabase liveSource) {
        if (!target.host().equalsIgnoreCase(sourceHost)) {
            return false;
        }
        if (!Hosts.isLoopback(sourceHost)) {
            return true;
        }
        return liveSource != null && liveSource.port() == target.port()
                && liveSource.database().equals(target.database());
    }

    private boolean allowListed(String app, TargetDatabase target) {
        for (String allowed : guards.allowedTargets()) {
            if (allowed.equalsIgnoreCase(app) && !app.isEmpty() || allowed.equalsIgnoreCase(target.host())
                    || allowed.equalsIgnoreCase(target.host() + "/" + target.database())) {
                return true;
            }
        }
        return false;
    }

    private java.util.Optional<String> pattern(String value) {
        if (value == null || value.isEmpty()) {
            return java.util.Optional.empty();
        }
        return guards.productionPatterns().stream().filter(p -> p.matcher(value).find()).map(GuardSettings::written).findFirst();
    }

    private static String sourceApp(SyncSettings settings) {
        if (settings.scalingo() != null && settings.scalingo().sourceApp() != null) {
            return settings.scalingo().sourceApp();
        }
        return settings.sourceApp() == null ? "" : settings.sourceApp();
    }

    private static String describe(String app, TargetDatabase target) {
        return (app.isEmpty() ? "" : "app " + app + ", ") + "database " + target.host().toLowerCase(Locale.ROOT)
                + "/" + target.database();
    }
}
