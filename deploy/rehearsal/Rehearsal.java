import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The client side of the fault rehearsal (deploy/rehearsal/run.sh), a single-file program that needs only a JDK:
 *
 *   java Rehearsal.java seed    base token out.env      a published project, an open post-moderated consultation, an open poll
 *   java Rehearsal.java load    base env outdir seconds mixed load: votes (each with a fresh voter token) and reactions
 *   java Rehearsal.java verify  base env outdir         every acknowledged vote and reaction, checked through the API
 *   java Rehearsal.java report  outdir results.md       the figures and the verdict, from the logs and the database checks
 *
 * Every request is logged (requests.tsv: start ms, end ms, operation, HTTP status or 0 for no response, upstream, detail);
 * every acknowledged (2xx) write is recorded with what identifies it (votes.tsv, reactions.tsv).
 */
public class Rehearsal {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /**
     * The simulated resident of the current flow: each has its own address, sent as X-Forwarded-For. The client connects
     * through nginx from 127.0.0.1, which run.sh lists in SAMEN_TRUSTED_PROXIES, so the service counts every resident
     * separately against its per-resident rate limits (which stay on), as it would real residents behind the proxy.
     */
    private static final ThreadLocal<String> RESIDENT = new ThreadLocal<>();
    private static final AtomicInteger RESIDENTS = new AtomicInteger();

    static void newResident() {
        int n = RESIDENTS.incrementAndGet();
        RESIDENT.set("10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255));
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "seed" -> seed(args[1], args[2], Path.of(args[3]));
            case "load" -> load(args[1], env(Path.of(args[2])), Path.of(args[3]), Integer.parseInt(args[4]));
            case "verify" -> verify(args[1], env(Path.of(args[2])), Path.of(args[3]));
            case "report" -> report(Path.of(args[1]), Path.of(args[2]));
            default -> {
                System.err.println("usage: java Rehearsal.java seed|load|verify|report ...");
                System.exit(2);
            }
        }
    }

    // ---- seed -------------------------------------------------------------------------------------------------------------

    static void seed(String base, String token, Path out) throws Exception {
        String tenant = "enkhuizen";
        String t = base + "/api/v1/tenants/" + tenant;
        String project = id(expect(send("POST", t + "/projects", token, null,
                "{\"title\":\"Rehearsal: het nieuwe dorpsplein\",\"summary\":\"Storingsoefening\",\"theme\":\"wonen\"}"), 201));
        expect(send("PATCH", t + "/projects/" + project, token, null, "{\"status\":\"published\"}"), 200);
        String consultation = id(expect(send("POST", t + "/projects/" + project + "/consultations", token, null, """
                {"title":"Hoe richten we het plein in?","question":"Wat vindt u belangrijk?",
                 "participationLevel":"consult","openForInput":"De inrichting en het groen",
                 "fixed":"Het budget en de ligging","decisionMaker":"De gemeenteraad",
                 "closesAt":"%s","feedbackDueDate":"%s","moderationMode":"post"}"""
                .formatted(Instant.now().plus(Duration.ofDays(30)), java.time.LocalDate.now().plusDays(90))), 201));
        expect(send("PATCH", t + "/consultations/" + consultation, token, null, "{\"status\":\"open\"}"), 200);
        String poll = id(expect(send("POST", t + "/consultations/" + consultation + "/polls", token, null, """
                {"question":"Welke bomen komen op het plein? (hooguit twee)",
                 "options":[{"label":"Linde"},{"label":"Eik"},{"label":"Kastanje"}],
                 "maxChoices":2,"resultsVisibility":"always","votingMode":"open"}"""), 201));
        String opened = expect(send("PATCH", t + "/polls/" + poll, token, null, "{\"status\":\"open\"}"), 200);
        Matcher options = Pattern.compile("\"options\":\\[(.*?)\\]").matcher(opened);
        if (!options.find()) {
            throw new IllegalStateException("no options in " + opened);
        }
        List<String> optionIds = new ArrayList<>();
        Matcher ids = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(options.group(1));
        while (ids.find()) {
            optionIds.add(ids.group(1));
        }
        Files.writeString(out, "TENANT=" + tenant + "\nPROJECT=" + project + "\nCONSULTATION=" + consultation
                + "\nPOLL=" + poll + "\nOPTIONS=" + String.join(",", optionIds) + "\n");
    }

    // ---- load -------------------------------------------------------------------------------------------------------------

    record Logged(long start, long end, String op, int status, String upstream, String retryAfter, String detail) {
    }

    static void load(String base, Map<String, String> env, Path outdir, int seconds) throws Exception {
        String t = base + "/api/v1/tenants/" + env.get("TENANT");
        String poll = env.get("POLL");
        List<String> options = List.of(env.get("OPTIONS").split(","));
        String consultation = env.get("CONSULTATION");
        int threads = Integer.parseInt(System.getProperty("threads", "6"));
        long thinkMillis = Long.parseLong(System.getProperty("think", "15"));
        ConcurrentLinkedQueue<Logged> log = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> votes = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> reactions = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> resolved = new ConcurrentLinkedQueue<>();
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger sequence = new AtomicInteger();
        for (int w = 0; w < threads; w++) {
            int worker = w;
            pool.submit(() -> {
                Random random = new Random(42 + worker);
                for (int iteration = 0; iteration < 1_000_000 && System.currentTimeMillis() < deadline; iteration++) {
                    double dice = random.nextDouble();
                    try {
                        if (dice < 0.55) {
                            vote(t, poll, options, random, log, votes, resolved, deadline);
                        } else if (dice < 0.9) {
                            react(t, consultation, sequence.incrementAndGet(), log, reactions);
                        } else {
                            timed(log, "read", "GET", t + "/polls/" + poll, null, null, null);
                        }
                        Thread.sleep(thinkMillis);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        log.add(new Logged(System.currentTimeMillis(), System.currentTimeMillis(), "client", 0, "-", "-",
                                e.toString()));
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(outdir.resolve("requests.tsv")))) {
            log.stream().sorted((a, b) -> Long.compare(a.start(), b.start())).forEach(l -> out.println(l.start() + "\t"
                    + l.end() + "\t" + l.op() + "\t" + l.status() + "\t" + l.upstream() + "\t" + l.retryAfter() + "\t"
                    + l.detail()));
        }
        Files.write(outdir.resolve("votes.tsv"), votes);
        Files.write(outdir.resolve("reactions.tsv"), reactions);
        Files.write(outdir.resolve("votes-resolved-by-409.tsv"), resolved);
        System.out.println("load: " + log.size() + " requests, " + votes.size() + " acknowledged votes, "
                + reactions.size() + " acknowledged reactions");
    }

    /** A fresh voter token, then the vote; a vote without an answer is retried with the same token (idempotent by PK). */
    static void vote(String t, String poll, List<String> options, Random random, ConcurrentLinkedQueue<Logged> log,
            ConcurrentLinkedQueue<String> votes, ConcurrentLinkedQueue<String> resolved, long deadline)
            throws InterruptedException {
        newResident();
        String token = null;
        for (int attempt = 0; attempt < 5 && token == null; attempt++) {
            HttpResponse<String> issued = timed(log, "voter-token", "POST", t + "/voter-tokens", null, null, null);
            if (issued != null && issued.statusCode() == 201) {
                token = field(issued.body(), "token");
            } else {
                Thread.sleep(200);
            }
        }
        if (token == null) {
            return;
        }
        List<String> chosen = new ArrayList<>(options);
        Collections.shuffle(chosen, random);
        chosen = chosen.subList(0, 1 + random.nextInt(2));
        String body = "{\"optionIds\":[" + chosen.stream().map(o -> "\"" + o + "\"").collect(Collectors.joining(","))
                + "],\"ageBand\":\"" + List.of("18-24", "25-44", "45-64", "65-plus").get(random.nextInt(4)) + "\"}";
        String voter = "token:" + voterId(token);
        for (int attempt = 0; attempt < 10; attempt++) {
            HttpResponse<String> cast = timed(log, attempt == 0 ? "vote" : "vote-retry", "POST",
                    t + "/polls/" + poll + "/votes", null, token, body);
            int status = cast == null ? 0 : cast.statusCode();
            if (status == 201) {
                votes.add(voter + "\t" + token + "\t" + String.join(",", chosen) + "\t" + field(cast.body(), "castAt")
                        + "\t" + attempt);
                return;
            }
            if (status == 409 && attempt > 0) {
                // an earlier attempt was stored although its answer was lost: the key refuses the second one
                resolved.add(voter + "\t" + token + "\t" + String.join(",", chosen) + "\t" + attempt);
                return;
            }
            if (status >= 400 && status < 500 || System.currentTimeMillis() > deadline + 20_000) {
                return;
            }
            Thread.sleep(Math.min(250L * (attempt + 1), 1500L));
        }
    }

    static void react(String t, String consultation, int n, ConcurrentLinkedQueue<Logged> log,
            ConcurrentLinkedQueue<String> reactions) {
        newResident();
        HttpResponse<String> r = timed(log, "reaction", "POST", t + "/consultations/" + consultation + "/reactions",
                null, null, "{\"body\":\"Storingsoefening reactie " + n + ": meer groen en een speelplek.\","
                        + "\"displayName\":\"Oefening\"}");
        if (r != null && (r.statusCode() == 201 || r.statusCode() == 202)) {
            reactions.add(field(r.body(), "id") + "\t" + field(r.body(), "receiptToken"));
        }
    }

    static HttpResponse<String> timed(ConcurrentLinkedQueue<Logged> log, String op, String method, String url,
            String bearer, String voterToken, String json) {
        long start = System.currentTimeMillis();
        try {
            HttpResponse<String> response = send(method, url, bearer, voterToken, json);
            String upstream = response.headers().firstValue("X-Upstream").orElse("-");
            String retryAfter = response.headers().firstValue("Retry-After").orElse("-");
            String detail = response.statusCode() >= 400 ? abbreviate(response.body()) : "";
            log.add(new Logged(start, System.currentTimeMillis(), op, response.statusCode(), upstream, retryAfter,
                    detail));
            return response;
        } catch (IOException e) {
            log.add(new Logged(start, System.currentTimeMillis(), op, 0, "-", "-", e.getClass().getSimpleName() + ": "
                    + e.getMessage()));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    // ---- verify through the API -------------------------------------------------------------------------------------------

    static void verify(String base, Map<String, String> env, Path outdir) throws Exception {
        String t = base + "/api/v1/tenants/" + env.get("TENANT");
        List<String> votes = Files.readAllLines(outdir.resolve("votes.tsv"));
        List<String> reactions = Files.readAllLines(outdir.resolve("reactions.tsv"));
        AtomicInteger votesConfirmed = new AtomicInteger();
        AtomicInteger reactionsConfirmed = new AtomicInteger();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (String line : votes) {
            String token = line.split("\t")[1];
            pool.submit(() -> {
                HttpResponse<String> r = retrying("GET", t + "/polls/" + env.get("POLL"), token);
                if (r != null && r.statusCode() == 200 && r.body().contains("\"hasVoted\":true")) {
                    votesConfirmed.incrementAndGet();
                } else {
                    problems.add("vote " + line.split("\t")[0] + ": " + (r == null ? "no answer" : r.statusCode()
                            + " " + abbreviate(r.body())));
                }
            });
        }
        for (String line : reactions) {
            String[] parts = line.split("\t");
            pool.submit(() -> {
                HttpResponse<String> r = retrying("GET", t + "/reactions/" + parts[0], "receipt:" + parts[1]);
                if (r != null && r.statusCode() == 200 && r.body().contains(parts[0])) {
                    reactionsConfirmed.incrementAndGet();
                } else {
                    problems.add("reaction " + parts[0] + ": " + (r == null ? "no answer" : r.statusCode() + " "
                            + abbreviate(r.body())));
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        Files.writeString(outdir.resolve("api-check.env"), "api_votes_confirmed=" + votesConfirmed.get()
                + "\napi_votes_checked=" + votes.size() + "\napi_reactions_confirmed=" + reactionsConfirmed.get()
                + "\napi_reactions_checked=" + reactions.size() + "\n");
        Files.write(outdir.resolve("api-check-problems.txt"), problems);
        System.out.println("verify: votes " + votesConfirmed + "/" + votes.size() + " show hasVoted, reactions "
                + reactionsConfirmed + "/" + reactions.size() + " readable with their receipt");
    }

    static HttpResponse<String> retrying(String method, String url, String credential) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).method(method,
                        HttpRequest.BodyPublishers.noBody());
                if (credential.startsWith("receipt:")) {
                    b.header("Receipt-Token", credential.substring("receipt:".length()));
                } else {
                    b.header("Voter-Token", credential);
                }
                return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    // ---- report -----------------------------------------------------------------------------------------------------------

    static void report(Path outdir, Path results) throws Exception {
        Map<String, String> ev = env(outdir.resolve("events.env"));
        Map<String, String> db = env(outdir.resolve("db-check.env"));
        Map<String, String> api = env(outdir.resolve("api-check.env"));
        List<Logged> log = new ArrayList<>();
        for (String line : Files.readAllLines(outdir.resolve("requests.tsv"))) {
            String[] p = line.split("\t", 7);
            log.add(new Logged(Long.parseLong(p[0]), Long.parseLong(p[1]), p[2], Integer.parseInt(p[3]), p[4],
                    p[5], p.length > 6 ? p[6] : ""));
        }
        long t0 = Long.parseLong(ev.get("load_start"));
        long kill = Long.parseLong(ev.get("kill_instance"));
        long restart = Long.parseLong(ev.get("restart_instance"));
        long ready = Long.parseLong(ev.getOrDefault("instance_ready", "0"));
        long pgBegin = Long.parseLong(ev.get("pg_restart_begin"));
        long pgEnd = Long.parseLong(ev.get("pg_restart_end"));
        long end = log.stream().mapToLong(Logged::end).max().orElse(t0);
        List<String> votes = Files.readAllLines(outdir.resolve("votes.tsv"));
        List<String> reactions = Files.readAllLines(outdir.resolve("reactions.tsv"));
        List<String> resolved = Files.readAllLines(outdir.resolve("votes-resolved-by-409.tsv"));

        StringBuilder md = new StringBuilder();
        md.append("# Fault rehearsal — results\n\n");
        md.append("Produced by `deploy/rehearsal/run.sh` on ").append(Instant.ofEpochMilli(t0)).append(" (")
                .append(ev.getOrDefault("machine", "this machine")).append("; ")
                .append(ev.getOrDefault("load", "machine load unknown")).append(")");
        if (ev.containsKey("script_start")) {
            long done = Long.parseLong(ev.getOrDefault("checks_done", String.valueOf(System.currentTimeMillis())));
            md.append(", ").append((done - Long.parseLong(ev.get("script_start"))) / 1000)
                    .append(" s after the script started (build, start-up, load, checks)");
        }
        md.append(".\n\n");
        md.append("Two Samen instances (`:8181`, `:8182`, the packaged jar) behind nginx round robin on `:8180` "
                + "(`deploy/rehearsal/nginx.conf`: the next upstream only on connection errors and timeouts, and never "
                + "for a POST that was already sent), one PostgreSQL 15 (`:" + ev.getOrDefault("pg_port", "?") + "`). A client (`Rehearsal.java`, "
                + ev.getOrDefault("threads", "?") + " threads) votes (each vote with a fresh voter token), reacts and "
                + "reads for " + ev.getOrDefault("seconds", "?") + " s against nginx, each vote and reaction as "
                + "another resident (its own address in X-Forwarded-For, believed from the proxy), so the "
                + "per-resident rate limits stay on without being reached. A vote without an answer is retried with "
                + "the same token; a reaction is not retried. Faults, in seconds after the load began:\n\n");
        md.append("| t (s) | event |\n|---:|---|\n");
        java.util.TreeMap<Long, String> timeline = new java.util.TreeMap<>();
        timeline.put(kill, "instance 2 (`:8182`) killed with SIGKILL");
        timeline.put(restart, "instance 2 started again (`java -jar`, same settings)");
        if (ready > 0) {
            timeline.put(ready, "instance 2 ready again (`/q/health/ready` 200), " + secs(restart, ready)
                    + " s after its start");
        }
        long pgStopped = Long.parseLong(ev.getOrDefault("pg_stopped", "0"));
        if (pgStopped > 0) {
            timeline.put(pgBegin, "`pg_ctl stop -m fast` begins (open connections are cut)");
            timeline.put(pgStopped, "PostgreSQL is down (`pg_ctl stop` returned)");
            timeline.put(pgEnd, "`pg_ctl start` returns: PostgreSQL accepts connections again, "
                    + secs(pgBegin, pgEnd) + " s after the stop began");
        } else {
            timeline.put(pgBegin, "`pg_ctl restart -m fast` begins (open connections are cut)");
            timeline.put(pgEnd, "`pg_ctl restart -m fast` returns (PostgreSQL accepts connections again), after "
                    + secs(pgBegin, pgEnd) + " s");
        }
        timeline.put(end, "load ends");
        timeline.forEach((at, text) -> md.append(row(t0, at, text)));
        if (ready <= 0) {
            md.append("\nInstance 2 did not become ready again during the load: ")
                    .append(ev.getOrDefault("instance_restart_outcome", "?")).append(".\n");
        }

        // ---- verdict
        int ackVotes = votes.size();
        int ackReactions = reactions.size();
        int lostVotes = Integer.parseInt(db.getOrDefault("acked_votes_missing", "-1"));
        int lostReactions = Integer.parseInt(db.getOrDefault("acked_reactions_missing", "-1"));
        int doubles = Integer.parseInt(db.getOrDefault("double_voters", "-1"));
        long voteRows = Long.parseLong(db.getOrDefault("vote_rows", "-1"));
        long ballotTally = Long.parseLong(db.getOrDefault("ballot_tally", "-2"));
        int optionMismatches = Integer.parseInt(db.getOrDefault("option_mismatches", "-1"));
        int apiVotes = Integer.parseInt(api.getOrDefault("api_votes_confirmed", "-1"));
        int apiReactions = Integer.parseInt(api.getOrDefault("api_reactions_confirmed", "-1"));
        boolean noLoss = lostVotes == 0 && lostReactions == 0 && apiVotes == ackVotes && apiReactions == ackReactions;
        boolean noDoubles = doubles == 0 && voteRows == ballotTally && optionMismatches == 0;
        // a server error is acceptable only as "unavailable, retry": a 503 from an instance, or nginx's own 502/504
        // for a request cut by the kill, each with Retry-After; anything else (a 500, or no Retry-After) is a fault
        List<Logged> badServerErrors = log.stream().filter(l -> l.status() >= 500)
                .filter(l -> !(l.status() == 503 || l.status() == 502 || l.status() == 504) || l.retryAfter().equals("-"))
                .toList();
        boolean onlyRetryable = badServerErrors.isEmpty();
        boolean readyDuringLoad = ready > 0 && ready < end;
        // the faults are handled: nothing in the instances' logs may say otherwise
        List<String> errorLines = new ArrayList<>();
        for (String instance : List.of("instance1.log", "instance2.log")) {
            Path file = outdir.resolve("logs").resolve(instance);
            if (Files.exists(file)) {
                Files.readAllLines(file).stream().filter(l -> l.contains(" ERROR ["))
                        .forEach(l -> errorLines.add(instance + ": " + abbreviate(l)));
            }
        }
        boolean pass = noLoss && noDoubles && onlyRetryable && readyDuringLoad && errorLines.isEmpty();
        md.append("\n## Verdict: ").append(pass ? "PASS" : "FAIL").append("\n\n");
        md.append("PASS needs all five: no acknowledged write lost (database and API), no double count, every server "
                + "error a 502/503/504 with `Retry-After`, the restarted instance ready while the load still ran, and "
                + "no ERROR line in either instance's log.\n\n");
        md.append("- **ERROR lines in the instances' logs: ").append(errorLines.size()).append("**")
                .append(errorLines.isEmpty() ? "" : " (first: `" + errorLines.get(0).replace("`", "'") + "`)")
                .append(".\n");
        md.append("- **Server errors other than a retryable 502/503/504 with `Retry-After`: ")
                .append(badServerErrors.size()).append("**")
                .append(badServerErrors.isEmpty() ? "" : " (" + badServerErrors.stream()
                        .map(l -> l.op() + " " + l.status() + " Retry-After " + l.retryAfter()).distinct()
                        .collect(Collectors.joining(", ")) + ")")
                .append(".\n");
        md.append("- **Restarted instance ready during the load: ").append(readyDuringLoad ? "yes" : "no")
                .append("**").append(ready > 0 ? " (" + secs(restart, ready) + " s after its start, "
                        + secs(ready, end) + " s before the load ended)" : "").append(".\n");
        md.append("- **Lost acknowledged writes: ").append(lostVotes + lostReactions).append("** — ")
                .append(ackVotes).append(" acknowledged votes, ").append(lostVotes).append(" missing from `vote`; ")
                .append(ackReactions).append(" acknowledged reactions, ").append(lostReactions)
                .append(" missing from `reaction` (psql).\n");
        md.append("- Through the API: ").append(apiVotes).append(" of ").append(ackVotes)
                .append(" voter tokens show `hasVoted: true` (`GET /polls/{id}` with `Voter-Token`); ")
                .append(apiReactions).append(" of ").append(ackReactions)
                .append(" reactions readable with their receipt token.\n");
        md.append("- **Double counts: ").append(doubles).append("** voters with more than one `vote` row "
                + "(`select voter, count(*) from vote group by poll_id, voter having count(*) > 1`).\n");
        md.append("- Poll totals: ").append(voteRows).append(" vote rows = ").append(ballotTally)
                .append(" (sum of `poll_ballot_tally.ballots`): ").append(voteRows == ballotTally ? "equal" : "DIFFERENT")
                .append("; per option, sum of `poll_option_tally.votes` / count over `unnest(option_ids)` of the vote rows: ")
                .append(db.getOrDefault("option_counts", "?")).append(" — ")
                .append(optionMismatches == 0 ? "all equal" : optionMismatches + " DIFFERENT").append(".\n");
        md.append("- Stored but not acknowledged (the client never saw a 2xx): ")
                .append(Long.parseLong(db.getOrDefault("vote_rows", "0")) - ackVotes).append(" vote(s) (")
                .append(resolved.size()).append(" of them found by a retry with the same token that got 409), ")
                .append(Long.parseLong(db.getOrDefault("reaction_rows", "0")) - ackReactions)
                .append(" reaction(s). These are not losses: the writer was never told they failed or succeeded.\n");

        // ---- requests
        md.append("\n## Requests\n\n");
        md.append("| operation | requests | 2xx | 4xx | 5xx | no response |\n|---|---:|---:|---:|---:|---:|\n");
        Map<String, List<Logged>> byOp = new LinkedHashMap<>();
        for (String op : List.of("voter-token", "vote", "vote-retry", "reaction", "read", "client")) {
            byOp.put(op, new ArrayList<>());
        }
        log.forEach(l -> byOp.computeIfAbsent(l.op(), k -> new ArrayList<>()).add(l));
        byOp.forEach((op, ls) -> {
            if (!ls.isEmpty()) {
                md.append(countsRow(op, ls));
            }
        });
        md.append(countsRow("**all**", log));
        long okWrites = log.stream().filter(l -> isWrite(l) && l.status() >= 200 && l.status() < 300).count();
        md.append("\n").append(log.size()).append(" requests in ").append((end - t0) / 1000).append(" s (")
                .append(log.size() * 1000 / Math.max(1, end - t0)).append(" per second), ").append(okWrites)
                .append(" successful writes. Served per upstream (nginx `X-Upstream`): ")
                .append(String.valueOf(log.stream().filter(l -> !l.upstream().equals("-"))
                        .collect(Collectors.groupingBy(Logged::upstream, java.util.TreeMap::new, Collectors.counting()))))
                .append(" (two addresses: nginx could not connect to the first and passed the request to the other).\n");

        // ---- fault windows
        md.append("\n## Fault windows\n\n");
        md.append("Requests are counted in the window in which their answer (or its absence) arrived. A failed request "
                + "is any without a 2xx/3xx answer, except the 409 that tells a retried vote its first attempt was "
                + "stored. Recovered after: from the start of the window to the first successful write (vote or "
                + "reaction) that was sent after the window's last failure.\n\n");
        md.append("| window | from–to (s) | requests | failed | failed writes | failures | first failure (s) | "
                + "last failure (s) | recovered after |\n|---|---|---:|---:|---:|---|---:|---:|---:|\n");
        long pgWindowEnd = Math.max(pgEnd, pgBegin) + 10_000;
        long killEnd = ready > 0 ? Math.min(ready + 2_000, pgBegin) : pgBegin;
        md.append(window("baseline", log, t0, t0, kill));
        md.append(window(ready > 0 && ready + 2_000 <= pgBegin ? "A: instance 2 killed → ready again (+2 s)"
                : "A: instance 2 killed → PostgreSQL restart", log, t0, kill, killEnd));
        if (killEnd < pgBegin) {
            md.append(window("between the faults", log, t0, killEnd, pgBegin));
        }
        md.append(window("B: PostgreSQL restart → back (+10 s)", log, t0, pgBegin, pgWindowEnd));
        md.append(window("after the faults", log, t0, pgWindowEnd, end + 1));

        // ---- readiness
        md.append("\n## Readiness of instance 1 while PostgreSQL restarts\n\n");
        Path probe = outdir.resolve("readiness.tsv");
        List<String[]> samples = Files.exists(probe) ? Files.readAllLines(probe).stream().map(l -> l.split("\t"))
                .filter(p -> p.length >= 2).toList() : List.of();
        md.append("`GET http://127.0.0.1:9181/q/health/ready` (instance 1's management port) every 100 ms from ")
                .append(samples.isEmpty() ? "?" : secs(t0, Long.parseLong(samples.get(0)[0]))).append(" s to ")
                .append(samples.isEmpty() ? "?" : secs(t0, Long.parseLong(samples.get(samples.size() - 1)[0])))
                .append(" s (").append(samples.size()).append(" probes; the instance was not restarted):\n\n");
        md.append("| from (s) | to (s) | readiness | probes |\n|---:|---:|---|---:|\n");
        String current = null;
        long from = 0;
        long last = 0;
        int count = 0;
        boolean sawDown = false;
        boolean upAfterDown = false;
        for (String[] s : samples) {
            long at = Long.parseLong(s[0]);
            String state = s[1].equals("200") ? "UP (200)" : s[1].equals("503") ? "DOWN (503)" : "no answer / " + s[1];
            if (!state.equals(current)) {
                if (current != null) {
                    md.append("| ").append(secs(t0, from)).append(" | ").append(secs(t0, last)).append(" | ")
                            .append(current).append(" | ").append(count).append(" |\n");
                }
                current = state;
                from = at;
                count = 0;
            }
            if (!s[1].equals("200")) {
                sawDown = true;
            } else if (sawDown) {
                upAfterDown = true;
            }
            last = at;
            count++;
        }
        if (current != null) {
            md.append("| ").append(secs(t0, from)).append(" | ").append(secs(t0, last)).append(" | ").append(current)
                    .append(" | ").append(count).append(" |\n");
        }
        md.append("\nReadiness ").append(sawDown ? "went DOWN while PostgreSQL was restarting" : "did NOT go down")
                .append(" and ").append(upAfterDown ? "came back UP without restarting the instance." : "did NOT come "
                        + "back up within the probe window.").append("\n");
        Path health = outdir.resolve("readiness-down-body.json");
        if (Files.exists(health) && Files.size(health) > 0) {
            md.append("\nA DOWN answer: `").append(abbreviate(Files.readString(health)).replace("`", "'")).append("`\n");
        }

        // ---- failure details
        md.append("\n## What the failures were\n\n| window | operation | answer | Retry-After | count |\n"
                + "|---|---|---|---|---:|\n");
        Map<String, Long> kinds = log.stream().filter(Rehearsal::failed).collect(Collectors.groupingBy(l ->
                windowName(l.end(), kill, killEnd, pgBegin, pgWindowEnd) + " | " + l.op()
                        + " | " + (l.status() == 0 ? "no response: " + abbreviate(l.detail()).replaceAll(":.*", "")
                        : l.status() + " " + problemTitle(l.detail())) + " | " + (l.retryAfter().equals("-") ? "–"
                        : "`" + l.retryAfter() + "`"), java.util.TreeMap::new, Collectors.counting()));
        kinds.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        if (kinds.isEmpty()) {
            md.append("| – | – | none | – | 0 |\n");
        }
        // ---- observations, from the figures above
        md.append("\n## Observations\n\n");
        List<Logged> inA = log.stream().filter(l -> l.end() >= kill && l.end() < killEnd && failed(l)).toList();
        List<Logged> inB = log.stream().filter(l -> l.end() >= pgBegin && l.end() < pgWindowEnd && failed(l)).toList();
        long retriedOk = log.stream().filter(l -> l.op().equals("vote-retry") && l.status() == 201).count();
        md.append("- Killing an instance cost only the requests it was serving at that moment (")
                .append(inA.stream().filter(l -> l.status() == 502).count()).append(" × 502 from nginx, as problem+json). "
                + "nginx passed nothing that had already been sent on to the other instance (no `non_idempotent`), and "
                + "new requests went to the surviving instance at once.\n- The client retried every vote that failed "
                + "without a 4xx (in either window) with the same voter token: counted on a retry ").append(retriedOk)
                .append(", refused with 409 because the first attempt had been stored after all ")
                .append(resolved.size()).append(" — the primary key (poll, voter) makes such a retry safe. A reaction has no idempotency key, so a "
                + "reaction whose answer was lost cannot be retried without risking a duplicate.\n");
        long b500 = inB.stream().filter(l -> l.status() == 500).count();
        long b503 = inB.stream().filter(l -> l.status() == 503).count();
        long bOther = inB.size() - b500 - b503;
        md.append("- While PostgreSQL restarted, requests that needed the database got ");
        if (inB.isEmpty()) {
            md.append("no errors at all");
        } else {
            List<String> parts = new ArrayList<>();
            if (b503 > 0) {
                parts.add(b503 + " × 503 (" + problemTitle(log.stream().filter(l -> l.status() == 503)
                        .map(Logged::detail).findFirst().orElse("")).replaceAll("^\\((.*)\\)$", "`$1`") + " problem)");
            }
            if (b500 > 0) {
                parts.add(b500 + " × 500 (`Internal server error` problem, logged as an unexpected failure)");
            }
            if (bOther > 0) {
                parts.add(bOther + " other failures");
            }
            md.append(String.join(", ", parts));
        }
        md.append(b500 > 0 ? "; the 500s, too, were the database being away: as a 503 with `Retry-After` they would "
                + "tell clients that a retry is safe and expected.\n"
                : "; the service itself retried nothing, and the clients could tell that a retry is safe.\n");
        if (ev.containsKey("startup_failure")) {
            md.append("- Start-up: both instances were started at once on the empty database (as a first deployment "
                    + "of two replicas would be), and one of them failed: ").append(ev.get("startup_failure"))
                    .append(". Both had logged `Successfully acquired change log lock`: Liquibase's lock did not keep "
                            + "the two first migrations apart while its lock table was still being created. Started "
                            + "again, the instance found the schema complete and came up.\n");
        } else {
            md.append("- Start-up: both instances were started at once on the empty database and both came up (the "
                    + "migrations ran under Liquibase's lock).\n");
        }
        md.append("- Liquibase's lock (`databasechangeloglock`) after the load: ")
                .append(ev.getOrDefault("liquibase_lock", "?")).append(".");
        if (ev.containsKey("instance_third_start")) {
            md.append(" Instance 2, started a third time after the load: ").append(ev.get("instance_third_start"))
                    .append(".");
        }
        md.append("\n");
        boolean stale = ev.getOrDefault("liquibase_lock", "").startsWith("LOCKED");
        if (ready <= 0 && ev.getOrDefault("instance_restart_outcome", "").contains("exited")) {
            md.append("- The restarted instance 2 was still starting (slowly: ").append(ev.getOrDefault("load", "?"))
                    .append(") when PostgreSQL went down: it exited instead of waiting for the database (")
                    .append(ev.get("instance_restart_outcome")).append(").");
            if (stale) {
                md.append(" It was inside its Liquibase step and could not release Liquibase's lock: a replica that "
                        + "starts during a database restart or fail-over leaves the lock taken, and every later start "
                        + "waits for it (Liquibase's default: 5 minutes, then it fails) until someone clears "
                        + "`databasechangeloglock` by hand.");
            } else {
                md.append(" Liquibase's lock was free afterwards, so the next start could proceed; had it died while "
                        + "holding the lock (inside its Liquibase step), the lock would have stayed taken.");
            }
            md.append("\n");
        }
        if (ready > 0) {
            md.append("- Instance 2 needed ").append(secs(restart, ready)).append(" s from `java -jar` to ready "
                    + "while the load ran (").append(ev.getOrDefault("load", "machine load unknown")).append(")")
                    .append(ready < end ? "; nginx sent it traffic again once it answered.\n"
                            : "; that was after the load had ended, so the surviving instance carried the rest.\n");
        }
        md.append("\nLogs of this run: `").append(outdir).append("` (requests.tsv, instance and nginx logs).\n");
        Files.writeString(results, md.toString());
        System.out.println("report: " + results + " — verdict " + (pass ? "PASS" : "FAIL"));
        if (!pass) {
            System.exit(1);
        }
    }

    static boolean isWrite(Logged l) {
        return l.op().equals("vote") || l.op().equals("vote-retry") || l.op().equals("reaction");
    }

    static boolean failed(Logged l) {
        if (l.op().equals("vote-retry") && l.status() == 409) {
            return false;
        }
        return l.status() == 0 || l.status() >= 400;
    }

    static String windowName(long at, long kill, long killEnd, long pgBegin, long pgEnd) {
        if (at < kill) {
            return "baseline";
        } else if (at < killEnd) {
            return "A";
        } else if (at < pgBegin) {
            return "between";
        } else if (at < pgEnd) {
            return "B";
        }
        return "after";
    }

    static String window(String name, List<Logged> log, long t0, long from, long to) {
        List<Logged> in = log.stream().filter(l -> l.end() >= from && l.end() < to).toList();
        List<Logged> failures = in.stream().filter(Rehearsal::failed).toList();
        long failedWrites = failures.stream().filter(Rehearsal::isWrite).count();
        String kinds = failures.stream().collect(Collectors.groupingBy(l -> l.status() == 0 ? "no response"
                : String.valueOf(l.status()), java.util.TreeMap::new, Collectors.counting())).toString();
        String first = failures.isEmpty() ? "–" : secs(t0, failures.stream().mapToLong(Logged::end).min().orElse(0));
        long lastFailure = failures.stream().mapToLong(Logged::end).max().orElse(-1);
        String recovered = "–";
        if (lastFailure >= 0) {
            long recovery = log.stream().filter(l -> isWrite(l) && l.start() >= lastFailure && l.status() >= 200
                    && l.status() < 300).mapToLong(Logged::end).min().orElse(-1);
            recovered = recovery < 0 ? "never" : String.format(Locale.ROOT, "%.2f s", (recovery - from) / 1000.0);
        }
        return "| " + name + " | " + secs(t0, from) + "–" + secs(t0, to) + " | " + in.size() + " | " + failures.size()
                + " | " + failedWrites + " | " + (failures.isEmpty() ? "–" : kinds) + " | " + first + " | "
                + (lastFailure < 0 ? "–" : secs(t0, lastFailure)) + " | " + recovered + " |\n";
    }

    static String countsRow(String op, List<Logged> ls) {
        return "| " + op + " | " + ls.size() + " | " + ls.stream().filter(l -> l.status() >= 200 && l.status() < 300)
                .count() + " | " + ls.stream().filter(l -> l.status() >= 400 && l.status() < 500).count() + " | "
                + ls.stream().filter(l -> l.status() >= 500).count() + " | " + ls.stream().filter(l -> l.status() == 0)
                .count() + " |\n";
    }

    static String row(long t0, long at, String text) {
        return "| " + secs(t0, at) + " | " + text + " |\n";
    }

    static String secs(long t0, long at) {
        return String.format(Locale.ROOT, "%.1f", (at - t0) / 1000.0);
    }

    static String problemTitle(String body) {
        Matcher m = Pattern.compile("\"title\":\"([^\"]*)\"").matcher(body);
        if (m.find()) {
            return "(" + m.group(1) + ")";
        }
        return body.isBlank() ? "" : "(" + abbreviate(body).replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim()
                + ")";
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------------

    static HttpResponse<String> send(String method, String url, String bearer, String voterToken, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (voterToken != null) {
            b.header("Voter-Token", voterToken);
        }
        if (RESIDENT.get() != null) {
            b.header("X-Forwarded-For", RESIDENT.get());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " gave "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String id(String json) {
        return field(json, "id");
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** The random id inside a voter token (base64url of v1.tenant.id.expiry, a dot, the signature). */
    static String voterId(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);
        return payload.split("\\.")[2];
    }

    static Map<String, String> env(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    int eq = line.indexOf('=');
                    if (eq > 0 && !line.startsWith("#")) {
                        values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    static String abbreviate(String text) {
        String flat = text == null ? "" : text.replaceAll("[\\r\\n\\t]+", " ");
        return flat.length() > 140 ? flat.substring(0, 140) + "…" : flat;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
