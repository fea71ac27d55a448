package io.stagingsync.piiscan;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The text bytes may hold, for the detectors: gzip is unpacked (bounded), UTF-16 is recognized by its BOM or its
 * zero bytes, anything else is read as UTF-8 whose undecodable bytes become U+FFFD, so text after a binary header
 * (a document, a serialized object) is still judged.
 */
final class BinaryText {

    /** Bytes of unpacked gzip judged: bounded, so a small bomb cannot exhaust memory. */
    static final int UNPACKED_BYTES = 1 << 20;

    private BinaryText() {
    }

    static String of(byte[] bytes) {
        return of(bytes, bytes.length);
    }

    static String of(byte[] bytes, int length) {
        if (length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            byte[] unpacked = gunzip(bytes, length);
            if (unpacked != null) {
                return of(unpacked);
            }
        }
        String utf8 = new String(bytes, 0, length, StandardCharsets.UTF_8);
        Charset utf16 = utf16(bytes, length);
        // a binary header can look like a BOM: both readings are judged
        return utf16 == null ? utf8 : new String(bytes, 0, length, utf16) + "\n" + utf8;
    }

    /** UTF-16 when it starts with a BOM, or when most of its first bytes at odd (or even) places are zero; else null. */
    private static Charset utf16(byte[] bytes, int length) {
        if (length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
            return StandardCharsets.UTF_16LE;
        }
        if (length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
            return StandardCharsets.UTF_16BE;
        }
        int even = 0;
        int odd = 0;
        int probe = Math.min(length, 512) & ~1;
        for (int i = 0; i < probe; i++) {
            if (bytes[i] == 0) {
                if (i % 2 == 0) {
                    even++;
                } else {
                    odd++;
                }
            }
        }
        int half = probe / 2;
        if (half >= 4 && odd * 4 >= half * 3 && even * 4 < half) {
            return StandardCharsets.UTF_16LE;
        }
        if (half >= 4 && even * 4 >= half * 3 && odd * 4 < half) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    /** The first {@link #UNPACKED_BYTES} of the gzip stream, or null when it is not gzip after all. */
    private static byte[] gunzip(byte[] bytes, int length) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes, 0, length))) {
            return in.readNBytes(UNPACKED_BYTES);
        } catch (IOException e) {
            return null;
        }
    }
}
