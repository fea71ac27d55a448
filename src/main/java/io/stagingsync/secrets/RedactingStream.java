package io.stagingsync.secrets;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output and error, line by line through the {@link Redactor}: every log line of every library (the
 * application's, Camel's, the driver's) is masked before it leaves the process.
 */
public final class RedactingStream extends OutputStream {

    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public RedactingStream(PrintStream target) {
        this.target = target;
    }

    /** Replaces System.out and System.err by redacting streams; done once, first thing in main. */
    public static void installOnStandardStreams() {
        System.setOut(new PrintStream(new RedactingStream(System.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new RedactingStream(System.err), true, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            flushLine();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(bytes[i]);
        }
    }

    /**
     * Only whole lines leave: a secret printed in pieces (PrintStream flushes after every print) is masked whole.
     * Prompts therefore end with a newline.
     */
    @Override
    public synchronized void flush() {
        target.flush();
    }

    @Override
    public synchronized void close() {
        flushLine();
        target.flush();
    }

    private void flushLine() {
        if (line.size() == 0) {
            return;
        }
        target.print(Redactor.apply(line.toString(StandardCharsets.UTF_8)));
        line.reset();
    }
}
