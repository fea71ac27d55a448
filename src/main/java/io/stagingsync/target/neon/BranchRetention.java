package io.stagingsync.target.neon;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which run branches go after a successful run: of the branches named {@code staging-sync-<UTC time>} (and the
 * staging branch's previous states, {@code …-replaced}), all but the last {@code keep}, newest first. The run's own
 * branch (the newest good one), the staging branch, the project's default branch and a branch with children (Neon
 * refuses to delete it) always stay; a branch named otherwise is never touched.
 */
final class BranchRetention {

    static final Pattern RUN_BRANCH = Pattern.compile("staging-sync-(\\d{8}T\\d{6}Z)(-replaced)?");

    /** A branch of the project as the list of branches gives it. */
    record Branch(String id, String name, String parentId, boolean isDefault) {
    }

    private BranchRetention() {
    }

    static List<Branch> toDrop(List<Branch> branches, int keep, String ownId, String stagingId) {
        List<Branch> runs = branches.stream().filter(b -> RUN_BRANCH.matcher(b.name()).matches())
                .sorted(Comparator.comparing(BranchRetention::stamp).reversed()
                        .thenComparing(b -> b.name().endsWith("-replaced")))
                .toList();
        Set<String> kept = new LinkedHashSet<>();
        kept.add(ownId);
        for (Branch b : runs) {
            if (kept.size() >= keep) {
                break;
            }
            kept.add(b.id());
        }
        Set<String> parents = new LinkedHashSet<>();
        branches.forEach(b -> parents.add(b.parentId()));
        List<Branch> drop = new ArrayList<>();
        for (Branch b : runs) {
            if (!kept.contains(b.id()) && !b.isDefault() && !b.id().equals(stagingId) && !parents.contains(b.id())) {
                drop.add(b);
            }
        }
        return drop;
    }

    private static String stamp(Branch b) {
        Matcher m = RUN_BRANCH.matcher(b.name());
        return m.matches() ? m.group(1) : "";
    }
}
