package io.stagingsync.target.neon;

import static io.stagingsync.target.neon.NeonApi.object;

import io.stagingsync.failure.RefusedException;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.NeonBranch;
import io.stagingsync.run.RunTarget;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.NeonSettings;
import io.stagingsync.settings.TargetDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SYNC_TARGET=neon: each run creates the branch {@code staging-sync-<UTC time>} with a read-write compute, restores
 * and verifies into it like into a copy of its own, then makes it the staging branch (Neon's branch restore, the
 * previous state kept under {@code <branch>-replaced}, the staging branch's endpoint and URL unchanged) or leaves the
 * app's URL to the operator. Retention after a success; a failed run deletes its branch, or keeps it when asked.
 */
public final class NeonBranches {

    private static final Logger LOG = LoggerFactory.getLogger(NeonBranches.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");

    private final NeonSettings settings;
    private final NeonApi api;
    private final Clock clock;
    private final BiConsumer<String, TargetDatabase> bindDataSource;
    private final Consumer<String> unbindDataSource;

    /**
     * @param bindDataSource binds the unpooled data source the preflight's role check reads the branch through
     */
    public NeonBranches(NeonSettings settings, NeonApi api, Clock clock, BiConsumer<String, TargetDatabase> bindDataSource,
                        Consumer<String> unbindDataSource) {
        this.settings = settings;
        this.api = api;
        this.clock = clock;
        this.bindDataSource = bindDataSource;
        this.unbindDataSource = unbindDataSource;
    }

    /** `check`: the key and project answer, and the parent and staging branches exist; nothing is created. */
    public String check(SyncRun run) {
        List<BranchRetention.Branch> branches = branches();
        String parent = settings.parentBranch().isEmpty() ? "the default branch"
                : "parent " + find(branches, settings.parentBranch(), "NEON_PARENT_BRANCH").name();
        String staging = settings.stagingBranch().isEmpty() ? "no staging branch (NEON_STAGING_BRANCH unset: the "
                + "app's URL is left to the operator)" : "staging branch "
                + find(branches, settings.stagingBranch(), "NEON_STAGING_BRANCH").name();
        return "Neon project reachable with NEON_API_KEY: " + branches.size() + " branches; " + parent + ", " + staging;
    }

    /**
     * Creates the run's branch and its read-write compute, waits for Neon to have them ready, and points the run at
     * the branch's database over TLS. From the first call on, the run's rollback deletes what Neon created.
     */
    public void create(SyncRun run) {
        List<BranchRetention.Branch> branches = branches();
        String parentId = settings.parentBranch().isEmpty() ? null
                : find(branches, settings.parentBranch(), "NEON_PARENT_BRANCH").id();
        if (!settings.stagingBranch().isEmpty()) {
            find(branches, settings.stagingBranch(), "NEON_STAGING_BRANCH");
        }
        String name = "staging-sync-" + STAMP.format(clock.instant());
        RunTarget target = run.target();
        target.neonBranch(NeonBranch.named(name));
        target.touch();
        Map<String, Object> branch = new LinkedHashMap<>();
        branch.put("name", name);
        if (parentId != null) {
            branch.put("parent_id", parentId);
        }
        Map<String, Object> created = api.call(new NeonRequest("POST", "/branches", null,
                Map.of("branch", branch, "endpoints", List.of(Map.of("type", "read_write"))),
                "create branch " + name, "the Neon project NEON_PROJECT_ID was not found: check the project id "
                + "and that NEON_API_KEY belongs to its organization"));
        String id = checked(object(created.get("branch")).get("id"), "branch id");
        String host = created.get("endpoints") instanceof List<?> endpoints && !endpoints.isEmpty()
                ? String.valueOf(object(endpoints.get(0)).get("host")) : null;
        target.neonBranch(target.neonBranch().created(id, host));
        LOG.info("neon: branch {} created (id {}, host {}); waiting for it to be ready", name, id, host);
        api.awaitReady(id, name, created.get("operations"), "create branch " + name);
        Map<String, Object> uri = api.call(NeonRequest.get("/connection_uri", "branch_id=" + encode(id)
                + "&database_name=" + encode(settings.databaseName()) + "&role_name=" + encode(settings.roleName())
                + "&pooled=false", "get the connection URI of branch " + name,
                "Neon knows no database " + settings.databaseName() + " with role " + settings.roleName()
                        + " on branch " + name + ": check NEON_DATABASE_NAME and NEON_ROLE_NAME"));
        TargetDatabase database = BranchConnection.of(String.valueOf(uri.get("uri")), name, settings.allowInsecure());
        target.neonDatabase(database);
        bindDataSource.accept(target.getDataSourceName(), database);
        LOG.info("neon: restoring into branch {} ({})", name, database);
    }

    /**
     * The verified branch becomes the staging branch through Neon's branch restore: the staging branch keeps its id,
     * compute and URL, and its previous state stays as {@code <branch>-replaced}. Without NEON_STAGING_BRANCH the
     * branch stays as it is and the report says where it is.
     */
    public void promote(SyncRun run) {
        NeonBranch own = run.target().neonBranch();
        // the run's own sessions on the branch end before Neon copies it
        if (run.target().pool() != null) {
            run.target().pool().close();
        }
        if (settings.stagingBranch().isEmpty()) {
            run.results().note("neon: " + own.describe() + " holds the verified copy; NEON_STAGING_BRANCH is unset, "
                    + "so point the app at this branch yourself");
            return;
        }
        BranchRetention.Branch staging = find(branches(), settings.stagingBranch(), "NEON_STAGING_BRANCH");
        String preserved = own.name() + "-replaced";
        Map<String, Object> restored = api.call(new NeonRequest("POST", "/branches/" + staging.id() + "/restore", null,
                Map.of("source_branch_id", own.id(), "preserve_under_name", preserved),
                "restore staging branch " + staging.name() + " from " + own.name(),
                "the staging branch " + staging.name() + " is gone: check NEON_STAGING_BRANCH"));
        api.awaitReady(staging.id(), staging.name(), restored.get("operations"),
                "restore staging branch " + staging.name());
        run.target().neonBranch(own.promoted(staging.name(), preserved));
        LOG.info("neon: staging branch {} now holds the copy of {}; its previous state is kept as {}", staging.name(),
                own.name(), preserved);
    }

    /**
     * After a published run: the run branches beyond NEON_BRANCHES_KEEP are deleted. One that cannot be is named in
     * the report and left for the next run; it holds anonymized data only, so the run still succeeds.
     */
    public void dropOldBranches(SyncRun run) {
        if (run.targetState() != SyncRun.TargetState.ANONYMIZED) {
            throw new SyncFailure("old branches are deleted only after a published run; none was deleted");
        }
        NeonBranch own = run.target().neonBranch();
        List<String> deleted = new ArrayList<>();
        try {
            List<BranchRetention.Branch> branches = branches();
            String stagingId = settings.stagingBranch().isEmpty() ? null
                    : find(branches, settings.stagingBranch(), "NEON_STAGING_BRANCH").id();
            for (BranchRetention.Branch old : BranchRetention.toDrop(branches, settings.keep(), own.id(), stagingId)) {
                try {
                    delete(old.id(), old.name());
                    deleted.add(old.name());
                    LOG.info("neon: deleted branch {}, beyond NEON_BRANCHES_KEEP={}", old.name(), settings.keep());
                } catch (RuntimeException e) {
                    run.results().note("neon: branch " + old.name() + " could not be deleted (" + e.getMessage()
                            + "); the next run tries again");
                }
            }
        } catch (RuntimeException e) {
            run.results().note("neon: the old branches could not be listed (" + e.getMessage() + "); none was deleted");
        }
        run.target().neonBranch(own.retention(deleted));
    }

    /** The rollback: the run's branch deleted (found by name when Neon's answer to its creation was lost), or kept. */
    public void discard(SyncRun run) {
        NeonBranch own = run.target().neonBranch();
        if (run.target().pool() != null) {
            run.target().pool().close();
        }
        if (own == null) {
            return;
        }
        unbindDataSource.accept(run.target().getDataSourceName());
        if (run.targetState() == SyncRun.TargetState.ANONYMIZED) {
            LOG.warn("the failure came after the promotion: the staging branch holds the new, verified copy");
            return;
        }
        if (settings.keepOnFailure() && own.id() != null) {
            run.target().neonBranch(own.keptForInspection());
            run.target().untouched();
            run.results().note("neon: " + own.describe() + " is kept for inspection (NEON_KEEP_ON_FAILURE); it holds "
                    + "no raw row; delete it when done");
            LOG.warn("rollback: {} kept for inspection; the staging branch was not touched", own.describe());
            return;
        }
        try {
            String id = own.id() != null ? own.id() : branches().stream().filter(b -> b.name().equals(own.name()))
                    .map(BranchRetention.Branch::id).findFirst().orElse(null);
            if (id == null) {
                LOG.warn("rollback: Neon holds no branch {}; the staging branch was not touched", own.name());
            } else {
                delete(id, own.name());
                LOG.warn("rollback: branch {} deleted; the staging branch was not touched", own.name());
            }
        } catch (RuntimeException e) {
            LOG.error("ROLLBACK INCOMPLETE: branch {} could not be deleted (the staging branch was not touched; "
                    + "retention deletes it after a later successful run, or delete it in the Neon Console): {}",
                    own.name(), e.getMessage());
        }
        run.target().untouched();
    }

    /** Called once the run ended well: the branch's data source is no longer needed. */
    public void release(SyncRun run) {
        if (run.target().neonBranch() != null) {
            unbindDataSource.accept(run.target().getDataSourceName());
        }
    }

    private void delete(String id, String name) {
        api.call(new NeonRequest("DELETE", "/branches/" + id, null, null, "delete branch " + name, null));
    }

    private List<BranchRetention.Branch> branches() {
        Map<String, Object> answer = api.call(NeonRequest.get("/branches", null, "list the project's branches",
                "the Neon project NEON_PROJECT_ID was not found: check the project id and that NEON_API_KEY belongs "
                        + "to its organization"));
        List<BranchRetention.Branch> out = new ArrayList<>();
        if (answer.get("branches") instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> b = object(o);
                out.add(new BranchRetention.Branch(checked(b.get("id"), "branch id"), String.valueOf(b.get("name")),
                        b.get("parent_id") == null ? null : b.get("parent_id").toString(),
                        Boolean.TRUE.equals(b.get("default")) || Boolean.TRUE.equals(b.get("primary"))));
            }
        }
        return out;
    }

    /** The branch named (or identified) by a setting; refused, naming the setting, when the project has none. */
    private static BranchRetention.Branch find(List<BranchRetention.Branch> branches, String nameOrId, String setting) {
        return branches.stream().filter(b -> b.name().equals(nameOrId) || b.id().equals(nameOrId)).findFirst()
                .orElseThrow(() -> new RefusedException(setting + "=" + nameOrId + ": the Neon project has no such "
                        + "branch (by name or id); create it, or fix " + setting));
    }

    /** An id from Neon's answer goes into the next call's path: only plain characters are accepted. */
    private static String checked(Object id, String what) {
        if (id == null || !ID.matcher(id.toString()).matches()) {
            throw new SyncFailure("Neon's answer holds no usable " + what + ": unexpected API answer");
        }
        return id.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
