import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live-watchers benchmark's load (bench/live.sh): N watchers of one poll on instance A, as plain sockets read
 * by one selector thread (a browser's fetch stream, without a browser), and votes at a steady rate through instance B.
 * For every watcher and every vote it records the time from the vote's commit (its 201 arriving here; commit happens
 * before the response is written, so this is a slight underestimate, by less than the vote's own round trip) to the
 * first event that shows a total including it. Phases: connect 1,000 watchers, vote; connect up to N, vote.
 * Also samples A's RSS and CPU (from /proc) and its live-read counter (/q/metrics).
 *
 *   java LiveBench.java <A host:port> <B host:port> <tenant> <pollId> <optionId> <pid of A> <N> <votes/s>
 *        <seconds per phase> <out.json>
 */
public class LiveBench {

    static final Pattern TOTAL = Pattern.compile("\"totalVotes\":(\\d+)");
    static String hostA;
    static int portA;
    static String baseB;
    static String tenant;
    static String pollId;
    static String optionId;
    static long pidA;

    /** Commit time (nanoTime) of the k-th vote (1-based), as the voter saw its 201. */
    static final long[] committed = new long[1_000_000];
    static final AtomicLong votes = new AtomicLong();
    static volatile long baseTotal = -1;

    static final class Watcher {
        final SocketChannel channel;
        final StringBuilder text = new StringBuilder();
        long seenTotal = -1;
        boolean open = true;

        Watcher(SocketChannel channel) {
            this.channel = channel;
        }
    }

    static final List<Watcher> watchers = new ArrayList<>();
    static final ConcurrentHashMap<String, Long> counters = new ConcurrentHashMap<>();
    // latencies in microseconds of the current phase
    static long[] latencies = new long[1 << 22];
    static int latencyCount;
    static long missedEvents;

    public static void main(String[] args) throws Exception {
        String[] a = args[0].split(":");
        hostA = a[0];
        portA = Integer.parseInt(a[1]);
        baseB = "http://" + args[1] + "/api/v1/tenants/" + args[2];
        tenant = args[2];
        pollId = args[3];
        optionId = args[4];
        pidA = Long.parseLong(args[5]);
        int n = Integer.parseInt(args[6]);
        double rate = Double.parseDouble(args[7]);
        int seconds = Integer.parseInt(args[8]);
        Path out = Path.of(args[9]);

        Selector selector = Selector.open();
        StringBuilder json = new StringBuilder("{\"phases\":[");
        long rssIdle = rssKb();
        json.append(String.format(Locale.ROOT, "{\"watchers\":0,\"rssMb\":%.1f}", rssIdle / 1024.0));
        int[] steps = n > 1000 ? new int[] {1000, n} : new int[] {n};
        for (int target : steps) {
            long connectStart = System.nanoTime();
            connect(selector, target);
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            // let every watcher get its first event, then let the JVM settle
            pump(selector, Duration.ofSeconds(5));
            System.gc();
            pump(selector, Duration.ofSeconds(2));
            long rss = rssKb();
            int live = (int) watchers.stream().filter(w -> w.open && w.seenTotal >= 0).count();
            baseTotal = watchers.stream().filter(w -> w.open).mapToLong(w -> w.seenTotal).max().orElse(0);
            latencyCount = 0;
            missedEvents = 0;
            long readsBefore = metric("samen_live_reads_total");
            double refreshSumBefore = metricValue("samen_live_refresh_seconds_sum");
            double refreshCountBefore = metricValue("samen_live_refresh_seconds_count");
            long cpuBefore = cpuTicks();
            long wallBefore = System.nanoTime();
            Thread voter = voter(rate, seconds);
            voter.start();
            long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            pump(selector, Duration.ofNanos(until - System.nanoTime()));
            voter.join();
            // the last votes' events
            pump(selector, Duration.ofSeconds(3));
            double wall = (System.nanoTime() - wallBefore) / 1e9;
            long reads = metric("samen_live_reads_total") - readsBefore;
            double refreshMs = 1000 * (metricValue("samen_live_refresh_seconds_sum") - refreshSumBefore)
                    / Math.max(1, metricValue("samen_live_refresh_seconds_count") - refreshCountBefore);
            String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            double cpu = (cpuTicks() - cpuBefore) / 100.0 / wall;
            long lastVote = votes.get();
            long behind = watchers.stream().filter(w -> w.open && w.seenTotal < baseTotal + lastVote).count();
            long[] sorted = Arrays.copyOf(latencies, latencyCount);
            Arrays.sort(sorted);
            json.append(String.format(Locale.ROOT, ",{\"watchers\":%d,\"receivingFirstEvent\":%d,\"connectSeconds\":%.1f,"
                            + "\"rssMb\":%.1f,\"votes\":%d,\"seconds\":%.1f,\"votesPerSecond\":%.2f,"
                            + "\"latencyP50Ms\":%.1f,\"latencyP90Ms\":%.1f,\"latencyP99Ms\":%.1f,\"latencyMaxMs\":%.1f,"
                            + "\"deliveries\":%d,\"watchersBehindAtEnd\":%d,\"liveReads\":%d,\"liveReadsPerSecond\":%.2f,"
                            + "\"serviceCpuCores\":%.3f,\"refreshMeanMs\":%.2f,\"machineLoad\":%s}",
                    target, live, connectSeconds, rss / 1024.0, lastVote, wall, lastVote / wall,
                    pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0, sorted.length, behind, reads,
                    reads / wall, cpu, refreshMs, load));
            System.err.printf("phase %d watchers: %s%n", target, json.substring(json.lastIndexOf("{")));
        }
        json.append("]}\n");
        Files.writeString(out, json.toString());
        System.out.print(json);
        System.exit(0);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1000.0;
    }

    static void connect(Selector selector, int target) throws IOException {
        byte[] request = ("GET /api/v1/tenants/" + tenant + "/polls/" + pollId + "/live HTTP/1.1\r\nHost: " + hostA
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (watchers.size() < target) {
            // a few hundred at a time, so the accept queue never overflows
            int batch = Math.min(200, target - watchers.size());
            for (int i = 0; i < batch; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress(hostA, portA));
                channel.write(ByteBuffer.wrap(request));
                channel.configureBlocking(false);
                Watcher watcher = new Watcher(channel);
                channel.register(selector, SelectionKey.OP_READ, watcher);
                watchers.add(watcher);
            }
            pump(selector, Duration.ofMillis(100));
        }
    }

    static final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

    static void pump(Selector selector, Duration duration) throws IOException {
        long until = System.nanoTime() + duration.toNanos();
        while (true) {
            long left = (until - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            selector.select(left);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                Watcher watcher = (Watcher) key.attachment();
                buffer.clear();
                int read;
                try {
                    read = watcher.channel.read(buffer);
                } catch (IOException e) {
                    read = -1;
                }
                if (read < 0) {
                    watcher.open = false;
                    key.cancel();
                    watcher.channel.close();
                    continue;
                }
                long now = System.nanoTime();
                buffer.flip();
                watcher.text.append(StandardCharsets.UTF_8.decode(buffer));
                consume(watcher, now);
            }
        }
    }

    /** Finds complete data lines; an event showing total T delivers every vote up to T this watcher had not seen. */
    static void consume(Watcher watcher, long now) {
        StringBuilder text = watcher.text;
        int end;
        while (true) {
            int start = text.indexOf("data: ");
            if (start < 0) {
                if (text.length() > 4096) {
                    text.setLength(0);
                }
                return;
            }
            end = text.indexOf("\n", start);
            if (end < 0) {
                return;
            }
            Matcher m = TOTAL.matcher(text.subSequence(start, end));
            if (m.find()) {
                long total = Long.parseLong(m.group(1));
                long base = baseTotal;
                if (watcher.seenTotal >= 0 && base >= 0) {
                    for (long t = Math.max(watcher.seenTotal, base) + 1; t <= total; t++) {
                        long k = t - base;
                        if (k >= 1 && k < committed.length && latencyCount < latencies.length) {
                            // an event may even arrive before the voter has read its 201: then it counts as 0
                            long at = committed[(int) k];
                            latencies[latencyCount++] = at == 0 ? 0 : Math.max(0, (now - at) / 1000);
                        }
                    }
                    if (total - Math.max(watcher.seenTotal, 0) > 1) {
                        missedEvents++; // coalesced: several votes in one event
                    }
                }
                watcher.seenTotal = Math.max(watcher.seenTotal, total);
            }
            text.delete(0, end + 1);
        }
    }

    /**
     * Votes at a steady rate through B: four threads take the next slot of one schedule (one thread could not keep
     * the rate when a vote's round trip is slow). The k-th 201 to arrive stands for the k-th commit.
     */
    static Thread voter(double rate, int seconds) {
        votes.set(0);
        return new Thread(() -> {
            long interval = (long) (1e9 / rate);
            long start = System.nanoTime();
            long until = start + Duration.ofSeconds(seconds).toNanos();
            AtomicLong slot = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread thread = new Thread(() -> {
                    HttpClient client = HttpClient.newHttpClient();
                    while (true) {
                        long mine = slot.getAndIncrement();
                        long at = start + mine * interval;
                        if (at >= until) {
                            return;
                        }
                        try {
                            String forwarded = "10.77." + (mine / 250) % 250 + "." + (mine % 250 + 1);
                            String token = client.send(HttpRequest.newBuilder(URI.create(baseB + "/voter-tokens"))
                                    .header("X-Forwarded-For", forwarded).POST(HttpRequest.BodyPublishers.noBody())
                                    .build(), HttpResponse.BodyHandlers.ofString()).body()
                                    .replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
                            long wait = at - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                            HttpResponse<String> vote = client.send(HttpRequest.newBuilder(
                                    URI.create(baseB + "/polls/" + pollId + "/votes"))
                                    .header("Content-Type", "application/json").header("Voter-Token", token)
                                    .header("X-Forwarded-For", forwarded)
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"optionIds\":[\"" + optionId + "\"]}"))
                                    .build(), HttpResponse.BodyHandlers.ofString());
                            long done = System.nanoTime();
                            if (vote.statusCode() == 201) {
                                synchronized (committed) {
                                    committed[(int) votes.incrementAndGet()] = done;
                                }
                            } else {
                                System.err.println("vote: " + vote.statusCode() + " " + vote.body());
                            }
                        } catch (Exception e) {
                            System.err.println("vote failed: " + e);
                        }
                    }
                }, "voter-" + i);
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "voters");
    }

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pidA + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }

    static long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pidA + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static long metric(String name) {
        return (long) metricValue(name);
    }

    static double metricValue(String name) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + hostA + ":" + Integer.getInteger("metricsPort", portA) + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith(name)) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        } catch (Exception e) {
            System.err.println("metrics: " + e);
        }
        return -1;
    }
}
