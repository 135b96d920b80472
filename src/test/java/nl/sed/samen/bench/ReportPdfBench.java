package nl.sed.samen.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Pdfs;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Measures the participation report of a large consultation — 10,000 reactions and 20,000 votes, seeded with SQL —
 * as JSON and as PDF, through HTTP, in the service's own JVM: time per request, bytes allocated per document, the heap's
 * peak while rendering, and four documents asked for at once. It asserts only that the figures are right, never a
 * time: run it with {@code bench/report-pdf.sh} (not part of the suite; the name does not end in Test). It writes
 * {@code target/bench-report-pdf.md}.
 */
@QuarkusTest
class ReportPdfBench {

    private static final String TENANT = "drechterland";
    private static final int REACTIONS = Integer.getInteger("bench.reactions", 10_000);
    private static final int VOTES = Integer.getInteger("bench.votes", 20_000);
    private static final int RUNS = Integer.getInteger("bench.runs", 10);

    @Test
    void largeConsultation() throws Exception {
        String editor = Tokens.editor(TENANT);
        String project = Fixtures.project(TENANT, true);
        Map<String, Object> body = new HashMap<>(Fixtures.manifest("Omgevingsvisie Drechterland 2040"));
        body.put("moderationMode", "pre");
        String consultation = Fixtures.draftConsultation(TENANT, project, body);
        Api.as(editor).body(Map.of("status", "open")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, consultation).then().statusCode(200);
        String poll = Api.as(editor).body(Map.of("question", "Waar moet de gemeente het eerst aan werken?",
                        "options", List.of(Map.of("label", "Woningen voor jongeren"), Map.of("label", "Groen en water"),
                                Map.of("label", "Verkeersveiligheid"), Map.of("label", "Voorzieningen in de kernen")),
                        "resultsVisibility", "always"))
                .when().post("/tenants/{tenant}/consultations/{id}/polls", TENANT, consultation)
                .then().statusCode(201).extract().path("id");
        Api.as(editor).body(Map.of("status", "open")).when().patch("/tenants/{tenant}/polls/{id}", TENANT, poll)
                .then().statusCode(200);

        long seedStart = System.nanoTime();
        Database.execute("""
                insert into reaction (id, tenant_slug, consultation_id, body, age_band, area, status, receipt_hash,
                                      moderated_at, reply_body, reply_role, replied_at, created_at, updated_at)
                select gen_random_uuid(), '%1$s', '%2$s', 'Reactie ' || i,
                       (array['UNDER_16', 'AGE_16_17', 'AGE_18_24', 'AGE_25_44', 'AGE_45_64', 'AGE_65_PLUS', null])[1 + i %% 7],
                       (array['Hem', 'Hoogkarspel', 'Oosterblokker', 'Venhuizen', 'Westwoud', 'Wijdenes', null])[1 + (i / 7) %% 7],
                       case i %% 10 when 6 then 'PENDING' when 7 then 'HIDDEN' when 8 then 'REJECTED' else 'PUBLISHED' end,
                       sha256(convert_to('bench-' || i, 'UTF8')),
                       case when i %% 10 <> 6 then ts + make_interval(mins => 5 + i %% 600) end,
                       case when i %% 10 = 0 then 'Dank u wel.' end, case when i %% 10 = 0 then 'moderator' end,
                       case when i %% 10 = 0 then ts + interval '1 day' end, ts, ts
                from generate_series(1, %3$d) as i,
                     lateral (select now() - make_interval(secs => (i * 104729) %% 2592000)) as t(ts)
                """.formatted(TENANT, consultation, REACTIONS));
        Database.execute("""
                insert into vote (poll_id, voter, option_ids, age_band, area, cast_at)
                select '%1$s', 'bench:' || md5(i::text), array[(select id from poll_option where poll_id = '%1$s'
                                                                 order by position offset (i * 7919) %% 4 limit 1)],
                       (array['AGE_18_24', 'AGE_25_44', 'AGE_45_64', 'AGE_65_PLUS', null])[1 + i %% 5],
                       (array['Hem', 'Venhuizen', 'Westwoud', null])[1 + i %% 4],
                       now() - make_interval(secs => (i * 7) %% 2592000)
                from generate_series(1, %2$d) as i
                """.formatted(poll, VOTES));
        Database.execute("delete from poll_option_tally where poll_id = '" + poll + "'");
        Database.execute("insert into poll_option_tally (poll_id, option_id, slot, votes) select v.poll_id, o, 0, "
                + "count(*) from vote v, unnest(v.option_ids) o where v.poll_id = '" + poll + "' group by 1, 2");
        Database.execute("delete from poll_ballot_tally where poll_id = '" + poll + "'");
        Database.execute("insert into poll_ballot_tally (poll_id, slot, ballots) select poll_id, 0, count(*) "
                + "from vote where poll_id = '" + poll + "' group by 1");
        Database.execute("analyze reaction");
        Database.execute("analyze vote");
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;

        Api.as(editor).body(Map.of("status", "closed")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, consultation).then().statusCode(200);
        Api.as(editor).body(Map.of("summary", "Duizenden reacties over wonen, groen en verkeer.",
                        "decision", "De visie legt de nadruk op woningen voor jongeren in elke kern.",
                        "changes", "Een extra paragraaf over verkeersveiligheid rond scholen."))
                .when().put("/tenants/{tenant}/consultations/{id}/feedback", TENANT, consultation).then().statusCode(200);

        String path = "/tenants/{tenant}/consultations/{id}/report";
        // the figures are right: all reactions but none withdrawn, all ballots
        Api.as(editor).when().get(path, TENANT, consultation).then().statusCode(200)
                .body("reactions.received", org.hamcrest.Matchers.equalTo(REACTIONS))
                .body("polls[0].totalVotes", org.hamcrest.Matchers.equalTo(VOTES));

        long[] json = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            Api.as(editor).when().get(path, TENANT, consultation).then().statusCode(200);
            json[i] = (System.nanoTime() - t) / 1_000_000;
        }
        long coldStart = System.nanoTime();
        byte[] first = pdf(editor, path, consultation);
        long cold = (System.nanoTime() - coldStart) / 1_000_000;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] warm = new long[RUNS];
        long allocatedBefore = threads.getTotalThreadAllocatedBytes();
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            pdf(editor, path, consultation);
            warm[i] = (System.nanoTime() - t) / 1_000_000;
        }
        long allocatedPerDocument = (threads.getTotalThreadAllocatedBytes() - allocatedBefore) / RUNS;

        System.gc();
        long heapBefore = heapUsed();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
        pdf(editor, path, consultation);
        long peak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();

        long parallelStart = System.nanoTime();
        List<CompletableFuture<byte[]>> together = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            together.add(CompletableFuture.supplyAsync(() -> pdf(editor, path, consultation)));
        }
        together.forEach(CompletableFuture::join);
        long parallel = (System.nanoTime() - parallelStart) / 1_000_000;

        List<String> failures = Pdfs.pdfUaFailures(first);
        assertTrue(failures.isEmpty(), "PDF/UA-1: " + failures);
        String text = Pdfs.text(first).replaceAll("\\s+", " ");
        assertTrue(text.contains("Stemmen in peilingen " + String.format(java.util.Locale.ROOT, "%,d", VOTES)
                .replace(',', '.')), "the vote count in Dutch notation");

        Arrays.sort(json);
        Arrays.sort(warm);
        String result = """
                # Participation report of a large consultation (ReportPdfBench)

                %,d reactions and %,d votes (one poll, four options), seeded in %.1f s; %d runs each, over HTTP in the
                service's JVM (%d processors, load average %s, max heap %,d MB), PDF/UA-1 valid (veraPDF), %,d bytes,
                %d pages.

                | what | median | max |
                |---|---|---|
                | JSON report | %d ms | %d ms |
                | PDF report, first (cold: templates, fonts, Batik) | %d ms | |
                | PDF report, warm | %d ms | %d ms |
                | 4 PDF reports asked for at once (2 laid out at a time) | %d ms in all | |

                Allocated per PDF: %,d KB (all threads). Heap after GC before one PDF: %,d MB; peak during it: %,d MB.
                """.formatted(REACTIONS, VOTES, seedSeconds, RUNS, Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0], Runtime.getRuntime().maxMemory() / 1_048_576, first.length, pages(first),
                json[RUNS / 2], json[RUNS - 1], cold, warm[RUNS / 2], warm[RUNS - 1], parallel,
                allocatedPerDocument / 1024, heapBefore / 1_048_576, peak / 1_048_576);
        System.out.println(result);
        Files.writeString(Path.of("target", "bench-report-pdf.md"), result);
        Files.createDirectories(Path.of("target", "documents"));
        Files.write(Path.of("target", "documents", "participatieverslag-groot.pdf"), first);
    }

    private static byte[] pdf(String editor, String path, String consultation) {
        return Api.as(editor).accept("application/pdf").when().get(path, TENANT, consultation).then().statusCode(200)
                .extract().asByteArray();
    }

    private static int pages(byte[] pdf) {
        try (var document = Pdfs.load(pdf)) {
            return document.getNumberOfPages();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static long heapUsed() {
        return heapPools().stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    }
}
