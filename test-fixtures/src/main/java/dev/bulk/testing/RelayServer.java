package dev.bulk.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loopback HTTP server the DynamoDB test doubles run on: its handler threads, the relay to the
 * DynamoDB Local behind it (with the relay's own client threads), and their shutdown.
 */
final class RelayServer implements AutoCloseable {
    private static final int THREADS = 32;

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ExecutorService clientThreads;
    private final DynamoRelay relay;

    /**
     * @param name    thread-name prefix, e.g. "faulty-dynamo-proxy"
     * @param port    the port to listen on, 0 for a free one
     * @param handler answers every request
     */
    RelayServer(String name, String upstream, int port, HttpHandler handler) throws IOException {
        AtomicInteger threadNumber = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(THREADS, runnable -> daemon(runnable, name + "-" + threadNumber.incrementAndGet()));
        this.clientThreads = Executors.newCachedThreadPool(runnable -> daemon(runnable, name + "-upstream"));
        this.relay = new DynamoRelay(upstream, clientThreads);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.createContext("/", handler);
        server.setExecutor(handlers);
        server.start();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    DynamoRelay relay() {
        return relay;
    }

    /** {@code http://127.0.0.1:PORT}, for {@code --endpoint} or an SDK endpoint override. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        clientThreads.shutdownNow();
        try {
            handlers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
