package dev.bulk.dynamo;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleFunction;

/**
 * Holds, on the driver, the one token bucket of each budget a cluster job uses, and answers the
 * executors' {@link RemoteLimiter}s over plain TCP on the driver's address (the one executors
 * already reach for Spark's own traffic). Each connection says a job secret and a budget id
 * first; then each request is (estimate, credit, penalty) and each answer the nanoseconds to wait
 * ({@link CapacityLimiter#tryAcquire}). Threads are daemons: the server goes with the driver.
 */
public final class BudgetServer implements AutoCloseable {
    private static BudgetServer shared;

    private final ServerSocket server;
    private final String advertisedHost;
    private final String secret;
    private final DoubleFunction<CapacityLimiter> buckets;
    private final Map<String, CapacityLimiter> budgets = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "bulk-budget-connection");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param bindHost       the address to listen on
     * @param advertisedHost the address executors use to reach it
     * @param buckets        makes the bucket for a rate (tests inject a fake clock)
     */
    public BudgetServer(String bindHost, String advertisedHost, DoubleFunction<CapacityLimiter> buckets) throws IOException {
        this.server = new ServerSocket();
        this.server.bind(new InetSocketAddress(InetAddress.getByName(bindHost), 0));
        this.advertisedHost = advertisedHost;
        this.buckets = buckets;
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.secret = HexFormat.of().formatHex(random);
        Thread acceptor = new Thread(this::acceptLoop, "bulk-budget-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The driver's server, started on first use. */
    public static synchronized BudgetServer shared(String bindHost, String advertisedHost) throws IOException {
        if (shared == null || shared.server.isClosed()) {
            shared = new BudgetServer(bindHost, advertisedHost, CapacityLimiter::system);
        }
        return shared;
    }

    /** A new budget of {@code rate} units/s for the whole job, drawn on by every executor. */
    public Budget register(String name, double rate, double fallbackRate) {
        String id = name + "#" + ids.incrementAndGet();
        budgets.put(id, buckets.apply(rate));
        return new Budget(id, rate, advertisedHost, server.getLocalPort(), secret, fallbackRate);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                // closed, or one failed accept: the loop condition decides
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            String callerSecret = in.readUTF();
            CapacityLimiter bucket = budgets.get(in.readUTF());
            boolean accepted = secret.equals(callerSecret) && bucket != null;
            out.writeBoolean(accepted);
            out.flush();
            if (!accepted) {
                return;
            }
            while (true) {
                double estimate = in.readDouble();
                double credit = in.readDouble();
                boolean penalty = in.readBoolean();
                out.writeLong(bucket.tryAcquire(estimate, credit, penalty));
                out.flush();
            }
        } catch (EOFException e) {
            // the executor closed the connection
        } catch (IOException e) {
            // a broken connection: the executor opens another one
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
