package dev.bulk.dynamo;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;

/**
 * An executor's view of the job's one budget: every acquire asks the driver's
 * {@link BudgetServer} for the units in one round trip (the settled differences and the throttles
 * seen since the last call ride along, so a throttle cuts the whole job's rate); while the budget
 * is in debt the driver says how long, and the thread sleeps at most {@value #MAX_SLEEP_MILLIS} ms
 * of it before asking again, so credits from other executors shorten the wait at once. An executor
 * that finishes simply stops asking, so its share goes to the others at once; a new or replacing
 * executor joins by asking.
 *
 * <p>With a concurrency cap the job's places in flight are the driver's too: a request
 * {@link #start starts} by asking for one (the driver's thread waits until one is free) and its
 * units over the same connection, which it keeps until the request ends and the place is handed
 * back. The exact cap costs one more message per request (the end, which needs no answer) and no
 * more round trips; a share per executor would be cheaper but wrong whenever executors come, go or
 * outnumber the cap.
 *
 * <p>If the driver cannot be reached (a firewall between executors and the driver's port, say),
 * the executor falls back to a bucket of its own at the even share of the rate and caps, and says
 * so once in its log: the total then still stays within them.
 */
public final class RemoteLimiter implements Limiter {
    /** Core has no Spark and so no slf4j: the JDK's logging, which an executor's log shows. */
    private static final Logger LOG = Logger.getLogger(RemoteLimiter.class.getName());

    private static final Map<String, RemoteLimiter> SHARED = new ConcurrentHashMap<>();
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    private static final long MAX_SLEEP_MILLIS = 100;

    private final Budget budget;
    private final CapacityLimiter.Sleeper sleeper;
    private final Queue<Connection> idle = new ConcurrentLinkedQueue<>();
    /** Every open connection, idle or held by a request in flight. */
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private double pendingCredit;
    private double pendingItemCredit;
    private int pendingThrottles;
    private long throttlesSeen;
    private volatile CapacityLimiter fallback;

    RemoteLimiter(Budget budget, CapacityLimiter.Sleeper sleeper) {
        if (!budget.isShared()) {
            throw new IllegalArgumentException("not a shared budget: " + budget);
        }
        this.budget = budget;
        this.sleeper = sleeper;
    }

    static RemoteLimiter shared(Budget budget) {
        return SHARED.computeIfAbsent(budget.id() + "@" + budget.host() + ":" + budget.port(),
                key -> new RemoteLimiter(budget, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000))));
    }

    @Override
    public long acquire(double estimate) throws InterruptedException {
        return acquire(estimate, Long.MAX_VALUE);
    }

    @Override
    public long acquire(double estimate, long maxWaitNanos) throws InterruptedException {
        Limiter local = fallback;
        if (local != null) {
            return local.acquire(estimate, maxWaitNanos);
        }
        return acquire(estimate, 0, maxWaitNanos, null);
    }

    @Override
    public Slot start(double units, int items, long maxWaitNanos) throws InterruptedException {
        Limiter local = fallback;
        if (local != null) {
            return local.start(units, items, maxWaitNanos);
        }
        if (budget.maxConcurrency() == null) {
            return acquire(units, items, maxWaitNanos, null) < 0 ? null : Slot.NONE;
        }
        Connection held;
        long begin = System.nanoTime();
        try {
            held = startOnDriver(maxWaitNanos);
        } catch (IOException e) {
            return fallBack(e).start(units, items, maxWaitNanos);
        }
        if (held == null) {
            return null;
        }
        long left = maxWaitNanos == Long.MAX_VALUE ? Long.MAX_VALUE : maxWaitNanos - (System.nanoTime() - begin);
        boolean granted = false;
        try {
            granted = acquire(units, items, Math.max(0, left), held) >= 0;
        } finally {
            if (!granted) {
                end(held);
            }
        }
        return granted ? CapacityLimiter.once(() -> end(held)) : null;
    }

    @Override
    public void chargeItems(int items) {
        Limiter local = fallback;
        if (local != null) {
            local.chargeItems(items);
            return;
        }
        synchronized (this) {
            pendingItemCredit -= items;
        }
    }

    /**
     * Units (and items) from the driver, over {@code held} (a connection holding a place in flight)
     * or any pooled one; on a broken connection the rest of the wait is on the fallback bucket.
     */
    private long acquire(double estimate, int items, long maxWaitNanos, Connection held) throws InterruptedException {
        long waited = 0;
        while (true) {
            double credit;
            double itemCredit;
            int throttles;
            synchronized (this) {
                credit = pendingCredit;
                itemCredit = pendingItemCredit;
                throttles = pendingThrottles;
                pendingCredit = 0;
                pendingItemCredit = 0;
                pendingThrottles = 0;
            }
            long waitNanos;
            try {
                waitNanos = held != null ? held.acquire(estimate, items, credit, itemCredit, throttles)
                        : pooledAcquire(estimate, items, credit, itemCredit, throttles);
            } catch (IOException e) {
                long more = fallBack(e).acquire(estimate, maxWaitNanos - waited);
                return more < 0 ? -1 : waited + more;
            }
            if (waitNanos == 0) {
                return waited;
            }
            if (waited >= maxWaitNanos) {
                return -1;
            }
            long nap = Math.min(Math.min(waitNanos, MAX_SLEEP_MILLIS * 1_000_000), maxWaitNanos - waited);
            sleeper.sleepNanos(nap);
            waited += nap;
        }
    }

    @Override
    public void settle(double estimate, double consumed) {
        Limiter local = fallback;
        if (local != null) {
            local.settle(estimate, consumed);
            return;
        }
        synchronized (this) {
            pendingCredit += estimate - consumed;
        }
    }

    @Override
    public void penalize() {
        Limiter local = fallback;
        if (local != null) {
            local.penalize();
            return;
        }
        synchronized (this) {
            pendingThrottles++;
            throttlesSeen++;
        }
    }

    @Override
    public double rate() {
        return budget.rate();
    }

    /** This executor's own view: the throttles it saw (the job's rates are the driver's, {@link Budget#stats()}). */
    @Override
    public RateStats stats() {
        CapacityLimiter local = fallback;
        if (local != null) {
            return local.stats();
        }
        synchronized (this) {
            return new RateStats(budget.rate(), budget.rate(), budget.rate(), throttlesSeen, 0, 0, 0);
        }
    }

    /** Closes the pooled connections, as an executor's death would (for tests). */
    void closeConnections() {
        for (Connection connection : open) {
            connection.close();
        }
        idle.clear();
        open.clear();
    }

    /** True once the driver could not be reached and this executor runs on its own share. */
    boolean onFallback() {
        return fallback != null;
    }

    /** A connection holding one place in flight, or null if none was free within {@code maxWaitNanos}. */
    private Connection startOnDriver(long maxWaitNanos) throws IOException, InterruptedException {
        Connection connection = checkOut();
        long begin = System.nanoTime();
        try {
            while (true) {
                long left = maxWaitNanos == Long.MAX_VALUE ? Long.MAX_VALUE : maxWaitNanos - (System.nanoTime() - begin);
                if (connection.start(Math.max(0, left))) {
                    return connection;
                }
                if (left <= BudgetServer.MAX_START_WAIT_NANOS) {
                    idle.offer(connection);
                    return null;
                }
                if (Thread.interrupted()) {
                    idle.offer(connection);
                    throw new InterruptedException("interrupted while waiting for a place among the requests in flight");
                }
            }
        } catch (IOException e) {
            discard(connection);
            throw e;
        }
    }

    /** Gives the place back and the connection to the pool; a broken connection frees its places on the driver. */
    private void end(Connection connection) {
        try {
            connection.end();
            idle.offer(connection);
        } catch (IOException e) {
            discard(connection);
        }
    }

    private Connection checkOut() throws IOException {
        Connection connection = idle.poll();
        if (connection == null) {
            connection = Connection.open(budget);
            open.add(connection);
        }
        return connection;
    }

    private void discard(Connection connection) {
        open.remove(connection);
        connection.close();
    }

    private long pooledAcquire(double estimate, int items, double credit, double itemCredit, int throttles) throws IOException {
        IOException failure = null;
        // A pooled connection may have been closed under us: one retry on a fresh one.
        for (int attempt = 0; attempt < 2; attempt++) {
            Connection connection = null;
            try {
                connection = checkOut();
                long waitNanos = connection.acquire(estimate, items, credit, itemCredit, throttles);
                idle.offer(connection);
                return waitNanos;
            } catch (IOException e) {
                failure = e;
                if (connection != null) {
                    discard(connection);
                }
            }
        }
        throw failure;
    }

    private synchronized CapacityLimiter fallBack(IOException cause) {
        if (fallback == null) {
            LOG.warning("cannot reach the job's budget on the driver at " + budget.host() + ":" + budget.port()
                    + " (" + cause.getMessage() + "); this executor keeps to its even share, "
                    + String.format("%.1f", budget.fallbackRate()) + " units/s");
            CapacityLimiter own = CapacityLimiter.system(budget.fallbackRate());
            double share = budget.fallbackRate() / budget.rate();
            own.setCaps(budget.maxConcurrency() == null ? null : Math.max(1, (int) Math.floor(budget.maxConcurrency() * share)),
                    budget.itemsPerSecond() == null ? null : budget.itemsPerSecond() * share);
            fallback = own;
        }
        return fallback;
    }

    /** One socket to the driver, used by one thread at a time. */
    private static final class Connection {
        private final Socket socket;
        private final DataInputStream in;
        private final DataOutputStream out;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        }

        static Connection open(Budget budget) throws IOException {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(budget.host(), budget.port()), CONNECT_TIMEOUT_MILLIS);
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                Connection connection = new Connection(socket);
                connection.out.writeUTF(budget.secret());
                connection.out.writeUTF(budget.id());
                connection.out.flush();
                if (!connection.in.readBoolean()) {
                    throw new IOException("the driver does not know budget " + budget.id());
                }
                return connection;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        long acquire(double estimate, int items, double credit, double itemCredit, int throttles) throws IOException {
            out.writeByte(BudgetServer.ACQUIRE);
            out.writeDouble(estimate);
            out.writeInt(items);
            out.writeDouble(credit);
            out.writeDouble(itemCredit);
            out.writeInt(throttles);
            out.flush();
            return in.readLong();
        }

        boolean start(long maxWaitNanos) throws IOException {
            out.writeByte(BudgetServer.START);
            out.writeLong(maxWaitNanos);
            out.flush();
            return in.readBoolean();
        }

        void end() throws IOException {
            out.writeByte(BudgetServer.END);
            out.flush();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // already broken
            }
        }
    }
}
