package io.stagingsync.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Which signal (SIGTERM, SIGINT) is stopping the process, so that a cancelled run names it; the JVM still exits. */
public final class StopSignal {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);
    private static volatile String received;

    private StopSignal() {
    }

    /** Notes SIGTERM and SIGINT as they come, then hands them to the JVM's own handling (its shutdown hooks run). */
    public static void install() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal signal = new Signal(name);
                SignalHandler[] previous = new SignalHandler[1];
                previous[0] = Signal.handle(signal, s -> {
                    received = "SIG" + s.getName();
                    SignalHandler jvm = previous[0];
                    if (jvm == SignalHandler.SIG_DFL || jvm == SignalHandler.SIG_IGN || jvm == null) {
                        System.exit(128 + s.getNumber());
                    } else {
                        jvm.handle(s);
                    }
                });
                if (previous[0] == SignalHandler.SIG_IGN) {
                    // started with the signal ignored (nohup, a background job): keep it so
                    Signal.handle(signal, SignalHandler.SIG_IGN);
                }
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.debug("SIG{} is not observed: {}", name, e.getMessage());
            }
        }
    }

    /** "SIGTERM" or "SIGINT" once one arrived; "shutdown" when the process is stopped otherwise. */
    public static String name() {
        String signal = received;
        return signal != null ? signal : "shutdown";
    }
}
