package org.tocsin.investigation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tocsin.Accounts;
import org.tocsin.ApiClient;
import org.tocsin.PortalClient;
import org.tocsin.TocsinTest;
import org.tocsin.advisory.Advisories;
import org.tocsin.advisory.Draft;
import org.tocsin.leak.Fingerprints;
import org.tocsin.leak.Wording;
import org.tocsin.membership.Role;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Leak attribution end to end: recipients open their fingerprinted copies over the API, one copy
 * leaks (retyped, as a PDF, shared on), and an auditor's investigation ranks its recipient first.
 * Investigations are for auditors only, audited, and answer bad material clearly.
 */
@TocsinTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvestigationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int RECIPIENTS = 8;

    @LocalServerPort int port;
    @Autowired Accounts accounts;
    @Autowired Advisories advisories;
    @Autowired Fingerprints fingerprints;
    @Autowired JdbcClient jdbc;

    ApiClient api;
    Accounts.Account author;
    Accounts.Account approver;
    Accounts.Account auditor;
    Accounts.Account admin;
    Accounts.Account outsider;
    List<Accounts.Account> recipients = new ArrayList<>();
    UUID advisory;
    UUID other;

    @BeforeAll
    void publish() {
        api = new ApiClient(port);
        author = accounts.staff(Role.AUTHOR);
        approver = accounts.staff(Role.APPROVER);
        auditor = accounts.staff(Role.AUDITOR);
        admin = accounts.staff(Role.ADMIN);
        var organisation = accounts.organisation("banking");
        for (int i = 0; i < RECIPIENTS; i++) {
            recipients.add(accounts.member(organisation, Role.EXECUTIVE));
        }
        outsider = accounts.member(organisation, Role.ANALYST);
        advisory = published(demoDraft(organisation.id().toString(), "TLP:AMBER"));
        other = published(new Draft("Water treatment controllers exposed", "TLP:AMBER", "MEDIUM", 60,
                "Controllers of water treatment works are reachable from the internet at several sites. Ask your "
                        + "engineers to check whether yours are, and to close the access they find.",
                "## What we know\n\nScans show remote access left open on plant controllers after maintenance.",
                "", List.of(new Draft.Action("Check remote access to plant controllers", "SECURITY_LEAD", 5)),
                new Draft.Audience(List.of(), List.of(organisation.id().toString()), List.of(), List.of("EXECUTIVE"))));
    }

    private UUID published(Draft draft) {
        var created = advisories.create(author.person(), draft);
        advisories.submit(author.person(), created.id());
        advisories.approve(approver.person(), created.id());
        advisories.publish(approver.person(), created.id());
        return created.id();
    }

    /** The demo's 2007 warning, addressed to the executives of one organisation. */
    static Draft demoDraft(String organisationId, String tlp) {
        try {
            var field = Class.forName("org.tocsin.demo.DemoData").getDeclaredField("WARNING_2007");
            field.setAccessible(true);
            var demo = (Draft) field.get(null);
            return new Draft(demo.title(), tlp, demo.severity(), demo.confidence(), demo.summary(), demo.body(),
                    demo.annex(), demo.actions(), new Draft.Audience(List.of(), List.of(organisationId), List.of(),
                            List.of("EXECUTIVE")));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode copy(Accounts.Account reader, UUID id) {
        var reply = api.get("/api/v1/advisories/" + id, reader.token());
        assertThat(reply.status()).isEqualTo(200);
        return JSON.readTree(reply.body());
    }

    static String text(JsonNode copy) {
        return copy.get("summary").asString() + "\n\n" + copy.get("body").asString() + "\n\n" + copy.get("annex").asString();
    }

    JsonNode investigate(Accounts.Account who, String text, UUID about) {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("text", text);
        if (about != null) {
            body.put("advisory", about.toString());
        }
        var reply = api.post("/api/v1/investigations", who.token(), JSON.writeValueAsString(body));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body());
    }

    @Test
    void everyReaderGetsACopyOfTheirOwnAlwaysTheSameWithIdenticalFacts() {
        var first = copy(recipients.get(0), advisory);
        var again = copy(recipients.get(0), advisory);
        var second = copy(recipients.get(1), advisory);
        assertThat(text(again)).isEqualTo(text(first));
        assertThat(text(second)).isNotEqualTo(text(first));
        for (var field : List.of("title", "tlp", "severity", "confidence", "actions", "publishedAt")) {
            assertThat(second.get(field)).as(field).isEqualTo(first.get(field));
        }
        for (var fact : List.of("`update-check.example`", "`conference-invite@events.example`", "**TLP:AMBER**", " UK ",
                "Tocsin TAXII")) {
            assertThat(text(first)).contains(fact);
            assertThat(text(second)).contains(fact);
        }
        // the authority reads what the author wrote
        var authority = JSON.readTree(api.get("/api/v1/advisories/" + advisory, auditor.token()).body());
        assertThat(authority.get("summary").asString()).isEqualTo(demoDraft("x", "TLP:AMBER").summary());
    }

    @Test
    void aRetypedCopyIsTracedToItsRecipient() {
        for (var r : recipients) {
            copy(r, advisory);
        }
        var leaker = recipients.get(3);
        var retyped = retype(text(copy(leaker, advisory)), new Random(7));
        var result = investigate(auditor, retyped, null);
        assertThat(result.get("advisory").asString()).isEqualTo(advisory.toString());
        assertThat(result.get("version").asInt()).isEqualTo(1);
        assertThat(result.get("slotsObserved").asInt()).isGreaterThan(40);
        assertThat(result.get("enough").asBoolean()).isTrue();
        var first = result.get("candidates").get(0);
        assertThat(first.get("username").asString()).isEqualTo(leaker.username());
        assertThat(first.get("organisation").asString()).startsWith("Test Organisation");
        assertThat(first.get("falseMatchProbability").asDouble()).isLessThan(1e-6);
        assertThat(result.get("candidates").get(1).get("falseMatchProbability").asDouble()).isGreaterThan(1e-4);
        var audited = jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'investigation' AND actor = :actor "
                + "AND target = :target").param("actor", auditor.username()).param("target", "advisory:" + advisory)
                .query(Integer.class).single();
        assertThat(audited).isPositive();
    }

    @Test
    void aPdfOfACopyIsTracedToItsRecipient() throws Exception {
        var leaker = recipients.get(5);
        var copy = copy(leaker, advisory);
        var pdf = pdf(copy.get("summary").asString() + "\n" + copy.get("body").asString());
        var reply = multipart("/api/v1/investigations", auditor.token(), "leak.pdf", "application/pdf", pdf);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        var result = JSON.readTree(reply.body());
        assertThat(result.get("candidates").get(0).get("username").asString()).isEqualTo(leaker.username());
        assertThat(result.get("enough").asBoolean()).isTrue();
    }

    @Test
    void pastedTextCarriesInvisibleMarksThatAreReportedButNotRanked() {
        var leaker = recipients.get(2);
        var pasted = copy(leaker, advisory).get("summary").asString();
        var result = investigate(auditor, pasted, advisory);
        assertThat(result.get("invisibleMarks").get(0).asString()).isEqualTo(leaker.username());
        var stripped = investigate(auditor, pasted.replaceAll("[\\u200B\\u200C\\u2060]", ""), advisory);
        assertThat(stripped.get("candidates").get(0).get("score")).isEqualTo(result.get("candidates").get(0).get("score"));
        assertThat(stripped.get("invisibleMarks")).isEmpty();
    }

    @Test
    void aCopySharedOnIsAChildCopyOfItsOwnTracedToItsReader() {
        var sharer = recipients.get(6);
        var original = advisories.advisory(advisory).orElseThrow();
        var wording = new Wording(original.summary(), original.body(), original.annex());
        var own = fingerprints.copyFor(advisory, 1, sharer.person(), wording);
        var child = fingerprints.sharedCopy(advisory, 1, sharer.person(), outsider.person(), wording);
        assertThat(child).isNotEqualTo(own);
        assertThat(fingerprints.sharedCopy(advisory, 1, sharer.person(), outsider.person(), wording)).isEqualTo(child);
        // if they later receive the advisory themselves, they keep the copy they were given
        assertThat(fingerprints.copyFor(advisory, 1, outsider.person(), wording)).isEqualTo(child);
        var record = fingerprints.copyRecord(advisory, outsider.person().id()).orElseThrow();
        assertThat(record.parent()).isEqualTo(fingerprints.copyRecord(advisory, sharer.person().id()).orElseThrow().id());
        var result = investigate(auditor, retype(child.summary() + "\n\n" + child.body(), new Random(3)), advisory);
        var first = result.get("candidates").get(0);
        assertThat(first.get("username").asString()).isEqualTo(outsider.username());
        assertThat(first.get("sharedBy").asString()).isEqualTo(sharer.username());
    }

    @Test
    void investigationsAreForAuditorsOnly() throws Exception {
        var text = text(copy(recipients.get(0), advisory));
        var body = JSON.writeValueAsString(Map.of("text", text));
        for (var who : List.of(author, approver, admin, recipients.get(0), outsider)) {
            assertThat(api.post("/api/v1/investigations", who.token(), body).status()).as(who.username()).isEqualTo(404);
            assertThat(multipart("/api/v1/investigations", who.token(), "leak.txt", "text/plain",
                    text.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(404);
            var portal = new PortalClient(port);
            portal.signIn(who);
            assertThat(portal.get("/investigations").status()).isEqualTo(404);
        }
        assertThat(api.post("/api/v1/investigations", null, body).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/investigations", auditor.token(), body).status()).isEqualTo(200);
    }

    @Test
    void theAuditorsPageRanksTheRecipients() {
        var leaker = recipients.get(4);
        var text = text(copy(leaker, advisory));
        var portal = new PortalClient(port);
        portal.signIn(auditor);
        assertThat(portal.get("/investigations").body()).contains("Leak investigation");
        var page = portal.post("/investigations", Map.of("text", text, "advisory", ""));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"candidates\"", leaker.username(), "Enough for a conclusion");
        var empty = portal.post("/investigations", Map.of("text", " ", "advisory", ""));
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("govuk-error-summary", "it is empty");
    }

    @Test
    void thePortalFormTakesAnUploadedPdf() throws Exception {
        var leaker = recipients.get(1);
        var copy = copy(leaker, advisory);
        var auditorAccount = accounts.staff(Role.AUDITOR);
        var portal = new PortalClient(port);
        portal.signIn(auditorAccount);
        var form = portal.get("/investigations").body();
        var csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
        assertThat(csrf.find()).isTrue();
        var boundary = "tocsin" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf.group(1)
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n"
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"advisory\"\r\n\r\n"
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"leak.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(pdf(copy.get("summary").asString() + "\n" + copy.get("body").asString()));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var cookies = String.join("; ", portal.cookies().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/investigations")).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Cookie", cookies).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("id=\"candidates\"", leaker.username(), "Enough for a conclusion");
    }

    @Test
    void theAuthorSeesHowMuchFingerprintTheTextCarries() {
        var portal = new PortalClient(port);
        portal.signIn(accounts.staff(Role.AUTHOR)); // a fresh account: a second factor's code works once
        var demo = portal.get("/advisories/" + advisory).body();
        assertThat(demo).contains("id=\"density\"", "bits per sentence").doesNotContain("id=\"density-warning\"");
        var thin = portal.get("/advisories/" + other).body();
        assertThat(thin).contains("id=\"density-warning\"", "Mark variants such as {{warn|alert}}");
    }

    @Test
    void badMaterialGetsAClearAnswer() throws Exception {
        var empty = api.post("/api/v1/investigations", auditor.token(), "{\"text\":\"\"}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains("text", "empty");
        var huge = api.post("/api/v1/investigations", auditor.token(),
                JSON.writeValueAsString(Map.of("text", "word ".repeat(120_000))));
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.body()).contains("characters");
        var binary = multipart("/api/v1/investigations", auditor.token(), "leak.bin", "application/octet-stream",
                new byte[] {0, 1, 2, (byte) 0xFF, (byte) 0xFE, 0, 0, 7, 8, 9});
        assertThat(binary.statusCode()).isEqualTo(400);
        assertThat(binary.body()).contains("neither a PDF nor text");
        var nul = api.post("/api/v1/investigations", auditor.token(),
                JSON.writeValueAsString(Map.of("text", "\u0000\u0001\u0002\u0003\u0004\u0005 binary")));
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.body()).contains("not text");
        var unrelated = investigate(auditor, "The quarterly results of the company were better than expected, and "
                + "the board thanked its staff for a year of hard work.", null);
        assertThat(unrelated.get("advisory").isNull()).isTrue();
        assertThat(unrelated.get("conclusion").asString()).contains("Not enough of any published advisory's text");
        var otherAdvisory = text(copy(recipients.get(0), other));
        var wrong = investigate(auditor, otherAdvisory, advisory);
        assertThat(wrong.get("conclusion").asString()).contains("Not enough of this advisory's text");
        var fragment = investigate(auditor, "Your organisation is in a targeted sector.", advisory);
        assertThat(fragment.get("enough").asBoolean()).isFalse();
        assertThat(fragment.get("conclusion").asString()).startsWith("Not enough");
        var missing = api.post("/api/v1/investigations", auditor.token(),
                JSON.writeValueAsString(Map.of("text", "anything at all", "advisory", UUID.randomUUID().toString())));
        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void theCommandLineTracesAFileOrAPdf(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws Exception {
        var leaker = recipients.get(7);
        var copy = copy(leaker, advisory);
        var textFile = folder.resolve("leak.txt");
        java.nio.file.Files.writeString(textFile, retype(text(copy), new Random(11)));
        var run = tocsin(auditor, textFile.toString());
        assertThat(run[0]).as(run[2]).isEqualTo("0");
        assertThat(run[1]).contains("enough", leaker.username(), "Slots observed");
        var pdfFile = folder.resolve("leak.pdf");
        java.nio.file.Files.write(pdfFile, pdf(copy.get("summary").asString() + "\n" + copy.get("body").asString()));
        var fromPdf = tocsin(auditor, pdfFile.toString(), "--advisory", advisory.toString(), "--json");
        assertThat(fromPdf[0]).as(fromPdf[2]).isEqualTo("0");
        assertThat(JSON.readTree(fromPdf[1]).get("candidates").get(0).get("username").asString()).isEqualTo(leaker.username());
        var fragment = folder.resolve("fragment.txt");
        java.nio.file.Files.writeString(fragment, "Your organisation is in a targeted sector.");
        assertThat(tocsin(auditor, fragment.toString())[0]).isEqualTo("1");
        assertThat(tocsin(recipients.get(0), textFile.toString())[0]).isEqualTo("3");
    }

    /** Runs {@code tocsin investigate} in-process: {exit code, standard output, standard error}. */
    String[] tocsin(Accounts.Account who, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var all = java.util.stream.Stream.concat(java.util.stream.Stream.concat(java.util.stream.Stream.of("investigate"),
                java.util.Arrays.stream(args)), java.util.stream.Stream.of("--url", "http://127.0.0.1:" + port))
                .toArray(String[]::new);
        int exit = org.tocsin.cli.Tocsin.run(all, new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8), Map.of("TOCSIN_TOKEN", who.token()));
        return new String[] {String.valueOf(exit), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    /** Retyping: no invisible characters or Markdown, and a typing error in one letter of about 300. */
    static String retype(String text, Random random) {
        var out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\u200B' || c == '\u200C' || c == '\u2060' || c == '*' || c == '`') {
                continue;
            }
            if (Character.isLetter(c) && random.nextInt(300) == 0) {
                out.append((char) ('a' + random.nextInt(26)));
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    static byte[] pdf(String text) throws IOException {
        try (var document = new PDDocument()) {
            var font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            var lines = new ArrayList<String>();
            for (var paragraph : text.replaceAll("[\\u200B\\u200C\\u2060*`#]", "").split("\n")) {
                var line = new StringBuilder();
                for (var word : paragraph.split(" ")) {
                    if (line.length() + word.length() > 85) {
                        lines.add(line.toString());
                        line.setLength(0);
                    }
                    line.append(line.length() == 0 ? "" : " ").append(word);
                }
                lines.add(line.toString());
            }
            PDPage page = null;
            PDPageContentStream stream = null;
            int y = 0;
            for (var line : lines) {
                if (page == null || y < 60) {
                    if (stream != null) {
                        stream.endText();
                        stream.close();
                    }
                    page = new PDPage();
                    document.addPage(page);
                    stream = new PDPageContentStream(document, page);
                    stream.beginText();
                    stream.setFont(font, 10);
                    stream.newLineAtOffset(50, 740);
                    y = 740;
                }
                stream.showText(line);
                stream.newLineAtOffset(0, -14);
                y -= 14;
            }
            stream.endText();
            stream.close();
            var out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    HttpResponse<String> multipart(String path, String token, String filename, String type, byte[] content)
            throws IOException, InterruptedException {
        var boundary = "tocsin" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
