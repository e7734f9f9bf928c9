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
 * first; then each message is one of:
 * <ul>
 * <li>{@value #ACQUIRE}: (estimate, items, credit, item credit, throttles), answered with the
 * nanoseconds to wait ({@link CapacityLimiter#tryAcquire(double, int, double, double, int)}). The
 * throttles an executor saw ride along, so the whole job's adaptive rate is cut, not one task's.</li>
 * <li>{@value #START}: (longest wait in nanoseconds), answered with whether the caller got a place
 * among the job's requests in flight; the server's thread for the connection waits for it, so a
 * place freed by another executor is handed on at once, without polling.</li>
 * <li>{@value #END}: the caller's request is over, its place is free; no answer. The places a
 * connection holds when it breaks are freed too, so a lost executor cannot shrink the cap.</li>
 * </ul>
 * Threads are daemons: the server goes with the driver.
 */
public final class BudgetServer implements AutoCloseable {
    static final byte ACQUIRE = 1;
    static final byte START = 2;
    static final byte END = 3;
    /** The longest a START waits on the server before answering no; the caller asks again if it may wait longer. */
    static final long MAX_START_WAIT_NANOS = 1_000_000_000L;

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
        return register(name, rate, fallbackRate, null, null);
    }

    /**
     * As {@link #register(String, double, double)}, with at most {@code maxConcurrency} requests in
     * flight across all executors and at most {@code itemsPerSecond} items per second (null: no cap).
     * An executor that cannot reach the driver keeps to its even share of both caps, as of the units.
     */
    public Budget register(String name, double rate, double fallbackRate, Integer maxConcurrency, Double itemsPerSecond) {
        String id = name + "#" + ids.incrementAndGet();
        CapacityLimiter bucket = buckets.apply(rate);
        bucket.setCaps(maxConcurrency, itemsPerSecond);
        budgets.put(id, bucket);
        return new Budget(id, rate, advertisedHost, server.getLocalPort(), secret, fallbackRate, maxConcurrency,
                itemsPerSecond);
    }

    /** The throttles and rates of a budget this server holds (null if it holds none by that id). */
    public RateStats stats(String budgetId) {
        CapacityLimiter bucket = budgets.get(budgetId);
        return bucket == null ? null : bucket.stats();
    }

    /** The bucket of a budget the driver's shared server holds, or null. */
    static synchronized CapacityLimiter bucketOf(String budgetId) {
        return shared == null ? null : shared.budgets.get(budgetId);
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
        CapacityLimiter bucket = null;
        int held = 0;
        try (socket) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            String callerSecret = in.readUTF();
            bucket = budgets.get(in.readUTF());
            boolean accepted = secret.equals(callerSecret) && bucket != null;
            out.writeBoolean(accepted);
            out.flush();
            if (!accepted) {
                return;
            }
            while (true) {
                byte op = in.readByte();
                if (op == ACQUIRE) {
                    double estimate = in.readDouble();
                    int items = in.readInt();
                    double credit = in.readDouble();
                    double itemCredit = in.readDouble();
                    int throttles = in.readInt();
                    out.writeLong(bucket.tryAcquire(estimate, items, credit, itemCredit, throttles));
                    out.flush();
                } else if (op == START) {
                    long maxWait = Math.min(in.readLong(), MAX_START_WAIT_NANOS);
                    boolean granted = bucket.tryStartRequest(Math.max(0, maxWait));
                    if (granted) {
                        held++;
                    }
                    out.writeBoolean(granted);
                    out.flush();
                } else if (op == END) {
                    if (held > 0) {
                        held--;
                        bucket.endRequest();
                    }
                } else {
                    return; // not our protocol: drop the connection
                }
            }
        } catch (EOFException e) {
            // the executor closed the connection
        } catch (IOException e) {
            // a broken connection: the executor opens another one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing
        } finally {
            // Places held by a connection that is gone are free again.
            for (; held > 0; held--) {
                bucket.endRequest();
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
