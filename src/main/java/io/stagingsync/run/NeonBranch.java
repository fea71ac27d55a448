package io.stagingsync.run;

import java.util.List;

/**
 * The Neon branch a run restores into (SYNC_TARGET=neon), as the report and Slack name it: never its password.
 *
 * @param id         Neon's id of the branch; null until Neon answered its creation
 * @param host       its compute endpoint's host; null until known
 * @param replaced   the staging branch it replaced (NEON_STAGING_BRANCH), null before or without the promotion
 * @param preservedAs the name the staging branch's previous state was kept under, null without a promotion
 * @param deleted    the older run branches retention deleted after the run
 * @param kept       true when a failed run kept it for inspection (NEON_KEEP_ON_FAILURE)
 */
public record NeonBranch(String id, String name, String host, String replaced, String preservedAs,
                         List<String> deleted, boolean kept) {

    public NeonBranch {
        deleted = List.copyOf(deleted);
    }

    /** The branch named before Neon was asked to create it. */
    public static NeonBranch named(String name) {
        return new NeonBranch(null, name, null, null, null, List.of(), false);
    }

    public NeonBranch created(String branchId, String endpointHost) {
        return new NeonBranch(branchId, name, endpointHost, replaced, preservedAs, deleted, kept);
    }

    public NeonBranch promoted(String staging, String preserved) {
        return new NeonBranch(id, name, host, staging, preserved, deleted, kept);
    }

    public NeonBranch retention(List<String> deletedBranches) {
        return new NeonBranch(id, name, host, replaced, preservedAs, deletedBranches, kept);
    }

    public NeonBranch keptForInspection() {
        return new NeonBranch(id, name, host, replaced, preservedAs, deleted, true);
    }

    /** "branch staging-sync-… (host)", for messages. */
    public String describe() {
        return "Neon branch " + name + (host == null ? "" : " (" + host + ")");
    }
}
