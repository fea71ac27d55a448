package io.stagingsync.archive;

import io.stagingsync.archive.ArchiveUnpacker.Budget;
import io.stagingsync.failure.SyncFailure;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Counts what is read through it and stops the unpacking once the budget is spent. */
final class BudgetedStream extends FilterInputStream {
    private final long limit;
    private final Budget budget;
    private final String what;
    private final Path workDir;
    private long count;

    BudgetedStream(InputStream in, Budget budget, String what, Path workDir) throws IOException {
        super(in);
        this.limit = budget.bytes(workDir);
        this.budget = budget;
        this.what = what;
        this.workDir = workDir;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    private void counted(long n) throws IOException {
        count += n;
        if (count > limit) {
            throw new SyncFailure(budget.refusal(what, count, workDir));
        }
    }
}
