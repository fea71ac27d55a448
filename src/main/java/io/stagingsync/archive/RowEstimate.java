package io.stagingsync.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A table's row count read from the head of its data block in the dump: exact for a small table, else the rows of
 * its first compressed bytes scaled to the block's size. Reads at most {@link #SAMPLE} bytes per table.
 */
public final class RowEstimate {

    /** Compressed bytes read per table at most. */
    static final int SAMPLE = 64 * 1024;
    /** What a block that cannot be read this way (lz4, zstd, another format) estimates. */
    public static final long UNKNOWN = -1;
    private static final int INT_SIZE_AT = 8;

    private RowEstimate() {
    }

    /** Rows of {@code data} (a TABLE DATA entry of {@code archive}), or {@link #UNKNOWN}. */
    public static long of(DumpArchive archive, TocEntry data) {
        boolean gzip = archive.compression().equals("gzip");
        if (!archive.isCustomFormat() || data.dataOffset() <= 0 || data.dataLength() <= 0
                || !(gzip || archive.compression().equals("none"))) {
            return data.dataLength() == 0 ? 0 : UNKNOWN;
        }
        try (FileChannel file = FileChannel.open(archive.file(), StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(1);
            file.read(header, INT_SIZE_AT);
            int intSize = header.get(0);
            ByteBuffer block = ByteBuffer.allocate((int) Math.min(SAMPLE + 64, data.dataLength()));
            while (block.hasRemaining() && file.read(block, data.dataOffset() + block.position()) > 0) {
                // read until the sample is full or the file ends
            }
            block.flip();
            return count(block, intSize, gzip, data.dataLength());
        } catch (IOException | DataFormatException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** The block: a type byte, the dump id, then chunks (a length, its bytes) up to a zero length. */
    private static long count(ByteBuffer block, int intSize, boolean gzip, long blockLength) throws DataFormatException {
        block.get();
        readInt(block, intSize);
        Inflater inflater = gzip ? new Inflater() : null;
        byte[] out = new byte[64 * 1024];
        Lines rows = new Lines();
        try {
            while (block.remaining() > intSize) {
                int length = readInt(block, intSize);
                if (length == 0) {
                    return rows.count;
                }
                if (length < 0 || length > block.remaining()) {
                    break;
                }
                byte[] chunk = new byte[length];
                block.get(chunk);
                if (inflater == null) {
                    rows.add(chunk, chunk.length);
                    continue;
                }
                inflater.setInput(chunk);
                int n;
                while ((n = inflater.inflate(out)) > 0) {
                    rows.add(out, n);
                }
                if (inflater.finished()) {
                    return rows.count;
                }
            }
        } finally {
            if (inflater != null) {
                inflater.end();
            }
        }
        int read = block.position();
        return read == 0 ? UNKNOWN : rows.ended ? rows.count : Math.round((double) rows.count * blockLength / read);
    }

    private static int readInt(ByteBuffer in, int intSize) {
        int sign = in.get() & 0xff;
        long value = 0;
        for (int b = 0; b < intSize; b++) {
            value |= ((long) (in.get() & 0xff)) << (8 * b);
        }
        return (int) (sign != 0 ? -value : value);
    }

    /** COPY text rows: one per line (a newline in a value is escaped), up to pg_dump's end-of-data line. */
    private static final class Lines {
        long count;
        boolean ended;
        private int atStart = 0;

        void add(byte[] bytes, int length) {
            for (int i = 0; i < length && !ended; i++) {
                byte b = bytes[i];
                if (b == '\n') {
                    if (atStart == 2) {
                        ended = true;
                    } else {
                        count++;
                    }
                    atStart = 0;
                } else if (atStart == 0 && b == '\\') {
                    atStart = 1;
                } else if (atStart == 1 && b == '.') {
                    atStart = 2;
                } else {
                    atStart = 3;
                }
            }
        }
    }
}
