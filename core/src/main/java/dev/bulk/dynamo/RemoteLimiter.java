package dev.bulk.dynamo;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;

/**
 * An executor's view of the job's one budget: every acquire asks the driver's
 * {@link BudgetServer} for the units in one round trip (the settled differences and any
 * throttle since the last call ride along); while the budget is in debt the driver says how
 * long, and the thread sleeps at most {@value #MAX_SLEEP_MILLIS} ms of it before asking again,
 * so credits from other executors shorten the wait at once. An executor
 * that finishes simply stops asking, so its share goes to the others at once; a new or replacing
 * executor joins by asking.
 *
 * <p>If the driver cannot be reached (a firewall between executors and the driver's port, say),
 * the executor falls back to a bucket of its own at the even share of the rate, and says so once
 * in its log: the total then still stays within the rate.
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
    private double pendingCredit;
    private boolean pendingPenalty;
    private volatile Limiter fallback;

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
        long waited = 0;
        while (true) {
            double credit;
            boolean penalty;
            synchronized (this) {
                credit = pendingCredit;
                penalty = pendingPenalty;
                pendingCredit = 0;
                pendingPenalty = false;
            }
            long waitNanos;
            try {
                waitNanos = tryAcquire(estimate, credit, penalty);
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
            pendingPenalty = true;
        }
    }

    @Override
    public double rate() {
        return budget.rate();
    }

    /** True once the driver could not be reached and this executor runs on its own share. */
    boolean onFallback() {
        return fallback != null;
    }

    private long tryAcquire(double estimate, double credit, boolean penalty) throws IOException {
        IOException failure = null;
        // A pooled connection may have been closed under us: one retry on a fresh one.
        for (int attempt = 0; attempt < 2; attempt++) {
            Connection connection = idle.poll();
            try {
                if (connection == null) {
                    connection = Connection.open(budget);
                }
                long waitNanos = connection.tryAcquire(estimate, credit, penalty);
                idle.offer(connection);
                return waitNanos;
            } catch (IOException e) {
                failure = e;
                if (connection != null) {
                    connection.close();
                }
            }
        }
        throw failure;
    }

    private synchronized Limiter fallBack(IOException cause) {
        if (fallback == null) {
            LOG.warning("cannot reach the job's budget on the driver at " + budget.host() + ":" + budget.port()
                    + " (" + cause.getMessage() + "); this executor keeps to its even share, "
                    + String.format("%.1f", budget.fallbackRate()) + " units/s");
            fallback = CapacityLimiter.system(budget.fallbackRate());
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

        long tryAcquire(double estimate, double credit, boolean penalty) throws IOException {
            out.writeDouble(estimate);
            out.writeDouble(credit);
            out.writeBoolean(penalty);
            out.flush();
            return in.readLong();
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
