package nl.sed.samen.live;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The instance's one listening connection: {@code LISTEN} on the live channels, on a connection of its own outside the
 * pool (a pooled connection goes back to other work between statements; a listener must stay). PostgreSQL delivers a
 * notification only when the transaction that sent it commits, so a vote that rolled back is never heard. When the
 * connection breaks (a database restart, a failover) it is opened again with a growing pause, and {@code resync} runs,
 * since notifications sent meanwhile are lost.
 */
final class Notifications implements Runnable {

    static final String POLLS = "samen_poll";
    static final String MODERATION = "samen_moderation";

    private static final Logger LOG = Logger.getLogger(Notifications.class);
    private static final int WAIT_MILLIS = 500;
    private static final long CHECK_NANOS = Duration.ofSeconds(15).toNanos();

    private final String url;
    private final Properties credentials;
    private final BiConsumer<String, String> onNotification;
    private final Runnable resync;
    private volatile boolean running = true;
    private volatile boolean listening;
    private volatile Connection connection;

    Notifications(String url, String user, String password, BiConsumer<String, String> onNotification,
            Runnable resync) {
        this.url = url;
        this.credentials = new Properties();
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        credentials.setProperty("ApplicationName", "samen-live-listener");
        credentials.setProperty("tcpKeepAlive", "true");
        this.onNotification = onNotification;
        this.resync = resync;
    }

    boolean listening() {
        return listening;
    }

    @Override
    public void run() {
        Duration pause = Duration.ofMillis(250);
        boolean everConnected = false;
        while (running) {
            try (Connection opened = DriverManager.getConnection(url, credentials)) {
                connection = opened;
                try (Statement statement = opened.createStatement()) {
                    statement.execute("LISTEN " + POLLS);
                    statement.execute("LISTEN " + MODERATION);
                }
                listening = true;
                if (everConnected) {
                    LOG.info("live listener connected again; every watched poll and queue is read afresh");
                    resync.run();
                }
                everConnected = true;
                pause = Duration.ofMillis(250);
                PGConnection pg = opened.unwrap(PGConnection.class);
                long checked = System.nanoTime();
                while (running) {
                    if (System.nanoTime() - checked > CHECK_NANOS) {
                        // a connection that died without a word (a dropped route) shows only when something is sent
                        try (Statement statement = opened.createStatement()) {
                            statement.execute("select 1");
                        }
                        checked = System.nanoTime();
                    }
                    // blocks up to WAIT_MILLIS; throws when the connection breaks
                    PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            onNotification.accept(notification.getName(), notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                if (listening || !everConnected) {
                    LOG.warnf("live listener lost its database connection (%s); retrying", e.getMessage());
                }
            } finally {
                listening = false;
                connection = null;
            }
            sleep(pause);
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
                    : pause.multipliedBy(2);
        }
    }

    void stop() {
        running = false;
        Connection current = connection;
        if (current != null) {
            try {
                current.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
