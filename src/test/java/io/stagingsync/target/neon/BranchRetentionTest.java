package io.stagingsync.target.neon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stagingsync.target.neon.BranchRetention.Branch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Neon branches a successful run deletes: only old run branches, never the ones that must stay. */
class BranchRetentionTest {

    private static final Branch MAIN = new Branch("br-main", "main", null, true);
    private static final Branch STAGING = new Branch("br-staging", "staging", "br-main", false);

    private static Branch run(String stamp) {
        return new Branch("br-" + stamp, "staging-sync-" + stamp, "br-staging", false);
    }

    private static List<String> names(List<Branch> branches) {
        return branches.stream().map(Branch::name).toList();
    }

    @Test
    void keepsTheNewestRunBranchesAndDeletesTheOlderOnes() {
        Branch own = run("20260105T000000Z");
        Branch replaced = new Branch("br-r", own.name() + "-replaced", "br-main", false);
        List<Branch> all = List.of(MAIN, STAGING, run("20260101T000000Z"), run("20260103T000000Z"), own, replaced,
                run("20260102T000000Z"), new Branch("br-f", "feature-x", "br-main", false));

        assertEquals(List.of("staging-sync-20260102T000000Z", "staging-sync-20260101T000000Z"),
                names(BranchRetention.toDrop(all, 3, own.id(), STAGING.id())));
    }

    @Test
    void theRunsOwnBranchStaysWhateverItsNameSaysAndKeepOneKeepsOnlyIt() {
        Branch own = run("20200101T000000Z");
        List<Branch> all = List.of(MAIN, STAGING, own, run("20260101T000000Z"));

        assertEquals(List.of("staging-sync-20260101T000000Z"), names(BranchRetention.toDrop(all, 1, own.id(),
                STAGING.id())));
    }

    @Test
    void neverTheStagingTheDefaultNorABranchWithChildren() {
        Branch own = run("20260105T000000Z");
        Branch stagingNamedLikeARun = new Branch("br-s", "staging-sync-20200101T000000Z", "br-main", false);
        Branch defaultNamedLikeARun = new Branch("br-d", "staging-sync-20200102T000000Z", null, true);
        Branch parent = run("20200103T000000Z");
        Branch child = new Branch("br-c", "child", parent.id(), false);
        List<Branch> all = List.of(stagingNamedLikeARun, defaultNamedLikeARun, parent, child, own);

        assertEquals(List.of(), BranchRetention.toDrop(all, 1, own.id(), stagingNamedLikeARun.id()));
    }
}
