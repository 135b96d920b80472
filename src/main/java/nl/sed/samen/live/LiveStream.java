package nl.sed.samen.live;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.impl.ContextInternal;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open event stream: the response it is written to, who watches (the viewer, which the topic reads), and what it
 * was last sent. Writes are raw SSE bytes, one shared buffer per event for all streams of a topic; a stream whose
 * socket is not taking them keeps only the newest undelivered event, never a queue.
 */
public final class LiveStream {

    private final HttpServerResponse response;
    private final SseEventSink sink;
    private final Executor loop;
    private final Object viewer;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();
    private String lastId;
    private Object known;
    private LiveEvent undelivered;
    private long behindSince;

    LiveStream(HttpServerResponse response, SseEventSink sink, Object viewer, Runnable release) {
        this.response = response;
        this.sink = sink;
        // the connection's event loop: writes for many streams go to it as one task per tick, not one each
        this.loop = Vertx.currentContext() instanceof ContextInternal context ? context.nettyEventLoop() : null;
        this.viewer = viewer;
        this.release = release;
    }

    /** The event loop of this stream's connection, or null (then writes happen where they are called). */
    Executor loop() {
        return loop;
    }

    synchronized boolean hasUndelivered() {
        return undelivered != null;
    }

    /** Who watches, as the topic that opened the stream described them. */
    public Object viewer() {
        return viewer;
    }

    /** The id of the last event this stream was sent (or is about to be sent). */
    public synchronized String lastId() {
        return undelivered != null ? undelivered.id() : lastId;
    }

    /** What the topic recorded as this stream's knowledge with the last event (e.g. the queue it last saw). */
    public synchronized Object known() {
        return known;
    }

    /** Sends the event unless this stream already has it; false when the stream has ended. */
    public synchronized boolean send(LiveEvent event, Object knownAfter) {
        if (isClosed()) {
            return false;
        }
        known = knownAfter;
        if (event.id().equals(lastId()) && undelivered == null) {
            return true;
        }
        undelivered = event;
        return flush(System.nanoTime());
    }

    /** Writes what is waiting, if the socket takes it; false when the stream has ended. */
    synchronized boolean flush(long now) {
        if (isClosed()) {
            return false;
        }
        if (undelivered == null) {
            return true;
        }
        if (response.writeQueueFull()) {
            if (behindSince == 0) {
                behindSince = now;
            }
            return true;
        }
        return write(undelivered.bytes()) && delivered();
    }

    private boolean delivered() {
        lastId = undelivered.id();
        undelivered = null;
        behindSince = 0;
        return true;
    }

    synchronized boolean behindFor(long now, long limitNanos) {
        return behindSince != 0 && now - behindSince > limitNanos;
    }

    synchronized boolean writeRaw(Buffer bytes) {
        return !isClosed() && !response.writeQueueFull() && write(bytes);
    }

    private boolean write(Buffer bytes) {
        try {
            response.write(bytes);
            return true;
        } catch (IllegalStateException gone) {
            // the client went away between the check and the write
            close(null);
            return false;
        }
    }

    boolean isClosed() {
        return closed.get() || sink.isClosed() || response.closed();
    }

    /** Ends the stream, after a last event if one is given; the stream's place is freed once. */
    public void close(LiveEvent last) {
        synchronized (this) {
            if (last != null && !closed.get() && !response.closed()) {
                write(last.bytes());
            }
        }
        if (closed.compareAndSet(false, true)) {
            try {
                sink.close();
            } catch (RuntimeException ignored) {
                // already ended by the client
            }
        }
        released();
    }

    private final AtomicBoolean freed = new AtomicBoolean();

    void released() {
        if (freed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
