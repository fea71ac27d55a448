package io.stagingsync.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The test MongoDB server's process (mongo-java-server, in memory, Netty 4.2 on its own classpath): prints
 * {@code port <n>} once listening on loopback, and stops when its standard input closes (its parent gone).
 */
public final class MongoServerMain {

    private MongoServerMain() {
    }

    public static void main(String[] args) throws Exception {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", args.length > 0 ? Integer.parseInt(args[0]) : 0);
        System.out.println("port " + server.getLocalAddress().getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // nothing is read: end of input is the signal to stop
        }
        server.shutdownNow();
    }
}
