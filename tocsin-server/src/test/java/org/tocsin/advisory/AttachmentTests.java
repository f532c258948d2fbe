package org.tocsin.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tocsin.Accounts;
import org.tocsin.ApiClient;
import org.tocsin.PortalClient;
import org.tocsin.TocsinTest;
import org.tocsin.identity.ApiTokens;
import org.tocsin.membership.Organisation;
import org.tocsin.membership.Role;

import tools.jackson.databind.json.JsonMapper;

/**
 * Attachments of an advisory: PDF, plain text and STIX JSON, their kind decided by their content;
 * added by authors to drafts, over the API and the portal's form; served, with headers that keep
 * browsers from rendering or guessing, only to whoever may read the advisory; for everybody else
 * they do not exist. A refused upload says why and writes nothing.
 */
@TocsinTest
class AttachmentTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String AMBER = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
    static final String RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Advisories advisories;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcClient jdbc;

    record World(Organisation organisation, Accounts.Account author, Accounts.Account approver,
            Accounts.Account recipient, Accounts.Account colleague, Accounts.Account outsider) {}

    @Test
    void recipientsDownloadExactlyWhatTheAuthorAttachedWithSafeHeaders() throws Exception {
        var world = world();
        var id = draft(world);
        var pdf = pdf("Annex: the campaign in detail");
        var text = "Timeline\n\n2007-11-01\tfirst lure seen\r\n2007-11-20\tletter sent\n".getBytes(StandardCharsets.UTF_8);
        var stix = stix(AMBER).getBytes(StandardCharsets.UTF_8);

        var added = List.of(upload(world.author(), id, "campaign.pdf", pdf), upload(world.author(), id, "timeline.txt", text),
                upload(world.author(), id, "indicators.json", stix));
        for (var reply : added) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        }
        assertThat(added.stream().map(r -> JSON.readTree(r.body()).get("kind").asString()).toList())
                .containsExactly("PDF", "TEXT", "STIX");
        publish(world, id);

        var listed = JSON.readTree(api().get("/api/v1/advisories/" + id + "/attachments", world.recipient().token()).body())
                .get("items");
        assertThat(listed).hasSize(3);
        var expected = Map.of("campaign.pdf", pdf, "timeline.txt", text, "indicators.json", stix);
        var types = Map.of("campaign.pdf", "application/pdf", "timeline.txt", "text/plain;charset=UTF-8",
                "indicators.json", "application/stix+json;version=2.1");
        for (var item : listed) {
            var name = item.get("fileName").asString();
            var download = Multipart.download(port, "/api/v1/advisories/" + id + "/attachments/" + item.get("id").asString(),
                    world.recipient().token(), null);
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(expected.get(name));
            assertThat(download.headers().firstValue("Content-Type").orElse("").replace(" ", ""))
                    .isEqualToIgnoringCase(types.get(name));
            assertThat(download.headers().firstValue("Content-Disposition").orElse(""))
                    .startsWith("attachment").contains(name);
            assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(download.headers().firstValue("Content-Security-Policy").orElse("")).contains("sandbox");
            assertThat(download.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'advisory.attachment-read' AND actor = :a")
                .param("a", world.recipient().username()).query(Integer.class).single()).isEqualTo(3);
    }

    @Test
    void everybodyWhoMayNotReadTheAdvisoryGets404OnEveryAttachmentPath() throws Exception {
        var world = world();
        var id = draft(world);
        var attachment = JSON.readTree(upload(world.author(), id, "timeline.txt", "hello\n".getBytes(StandardCharsets.UTF_8))
                .body()).get("id").asString();
        var admin = accounts.staff(Role.ADMIN);
        // Before publication not even the recipient may see it.
        assertThat(api().get("/api/v1/advisories/" + id + "/attachments", world.recipient().token()).status()).isEqualTo(404);
        publish(world, id);

        var missing = UUID.randomUUID();
        for (var outsider : List.of(world.colleague(), world.outsider(), admin)) {
            for (var path : List.of("/api/v1/advisories/" + id + "/attachments",
                    "/api/v1/advisories/" + id + "/attachments/" + attachment)) {
                var hidden = api().get(path, outsider.token());
                var absent = api().get(path.replace(id, missing.toString()), outsider.token());
                assertThat(hidden.status()).as(path).isEqualTo(404);
                assertThat(hidden.body().replaceAll("\"instance\":\"[^\"]*\"", ""))
                        .isEqualTo(absent.body().replaceAll("\"instance\":\"[^\"]*\"", ""));
            }
            var portal = new PortalClient(port);
            portal.signIn(outsider);
            assertThat(portal.get("/advisories/" + id + "/attachments/" + attachment).status()).isEqualTo(404);
        }
        assertThat(api().get("/api/v1/advisories/" + id + "/attachments/" + attachment, null).status()).isEqualTo(401);
        assertThat(api().get("/api/v1/advisories/" + id + "/attachments/" + UUID.randomUUID(), world.recipient().token())
                .status()).isEqualTo(404);
        assertThat(api().get("/api/v1/advisories/" + id + "/attachments/" + attachment, world.recipient().token())
                .status()).isEqualTo(200);

        advisories.withdraw(world.approver().person(), UUID.fromString(id), "test");
        assertThat(api().get("/api/v1/advisories/" + id + "/attachments/" + attachment, world.recipient().token())
                .status()).as("withdrawal ends access to the attachments too").isEqualTo(404);
    }

    @Test
    void onlyAuthorsAttachAndOnlyToDrafts() {
        var world = world();
        var id = draft(world);
        var file = "hello\n".getBytes(StandardCharsets.UTF_8);
        var readOnlyAuthor = tokens.create(world.author().person(), "ro", Duration.ofDays(1), true).secret();

        assertThat(upload(world.approver(), id, "a.txt", file).status()).isEqualTo(403);
        assertThat(upload(world.recipient(), id, "a.txt", file).status()).isEqualTo(403);
        assertThat(Multipart.post(port, "/api/v1/advisories/" + id + "/attachments", readOnlyAuthor,
                Multipart.file("file", "a.txt", "text/plain", file, Map.of())).status()).isEqualTo(403);
        assertThat(Multipart.post(port, "/api/v1/advisories/" + id + "/attachments", null,
                Multipart.file("file", "a.txt", "text/plain", file, Map.of())).status()).isEqualTo(401);
        assertThat(upload(world.author(), UUID.randomUUID().toString(), "a.txt", file).status()).isEqualTo(404);
        assertThat(attachments(id)).isZero();

        var added = JSON.readTree(upload(world.author(), id, "a.txt", file).body()).get("id").asString();
        assertThat(api().call("DELETE", "/api/v1/advisories/" + id + "/attachments/" + added, world.recipient().token(), null)
                .status()).isEqualTo(403);
        advisories.submit(world.author().person(), UUID.fromString(id));
        var late = upload(world.author(), id, "b.txt", file);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body()).contains("only while the advisory is a draft", "IN_REVIEW");
        assertThat(api().call("DELETE", "/api/v1/advisories/" + id + "/attachments/" + added, world.author().token(), null)
                .status()).isEqualTo(409);
        assertThat(attachments(id)).isEqualTo(1);
    }

    @Test
    void aFileAddedToALaterVersionIsListedAmongItsChanges() {
        var world = world();
        var id = draft(world);
        publish(world, id);
        var revised = AdvisoryJson.draft("TLP:AMBER",
                AdvisoryJson.audience(List.of(), List.of(world.organisation().id()), List.of(), List.of("EXECUTIVE")));
        revised.put("title", "A second version");
        var edited = api().call("PUT", "/api/v1/advisories/" + id, world.author().token(), AdvisoryJson.json(revised));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);

        assertThat(upload(world.author(), id, "more.txt", "more\n".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);

        assertThat(advisories.version(UUID.fromString(id), 2).orElseThrow().changes()).containsExactly("title", "attachments");
        assertThat(advisories.version(UUID.fromString(id), 1).orElseThrow().changes()).isEmpty();
    }

    @Test
    void whoeverAttachedAFileMayNotApproveTheAdvisory() {
        var world = world();
        var id = draft(world);
        var authorApprover = accounts.staff(Role.AUTHOR, Role.APPROVER);
        assertThat(upload(authorApprover, id, "a.txt", "x\n".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);
        advisories.submit(world.author().person(), UUID.fromString(id));

        assertThat(api().post("/api/v1/advisories/" + id + "/approve", authorApprover.token(), null).status()).isEqualTo(403);
    }

    @Test
    void refusesEveryBadUploadSayingWhyAndWritesNothing() throws Exception {
        var world = world();
        var id = draft(world);
        var cases = new LinkedHashMap<String, Object[]>();
        cases.put("empty", new Object[] {"empty.txt", new byte[0], "is empty"});
        cases.put("too large", new Object[] {"big.txt", "a".repeat(10 * 1024 * 1024 + 1).getBytes(StandardCharsets.UTF_8),
                "attachments may be at most 10.0 MiB"});
        cases.put("an image", new Object[] {"photo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0},
                "neither a PDF nor text in UTF-8"});
        cases.put("a PDF named as text", new Object[] {"notes.txt", pdf("x"), "is a PDF; name it .pdf"});
        cases.put("text named as a PDF", new Object[] {"report.pdf", "just text\n".getBytes(StandardCharsets.UTF_8),
                "is plain text; name it .txt"});
        cases.put("a broken PDF", new Object[] {"broken.pdf", "%PDF-1.7\nnot really a pdf".getBytes(StandardCharsets.US_ASCII),
                "is not a readable PDF"});
        cases.put("a control character", new Object[] {"log.txt", "line one\nab\u0007c\n".getBytes(StandardCharsets.UTF_8),
                "line 2, column 3 holds the control character U+0007"});
        cases.put("a bidi override", new Object[] {"log.txt", "safe \u202Eexe.txt\n".getBytes(StandardCharsets.UTF_8),
                "U+202E"});
        cases.put("malformed JSON", new Object[] {"indicators.json", "{\n  \"type\": \"bundle\",\n  \"objects\": [\n}"
                .getBytes(StandardCharsets.UTF_8), "not valid STIX JSON: line"});
        cases.put("invalid STIX", new Object[] {"indicators.json", stix(AMBER).replace("\"pattern_type\":\"stix\",", "")
                .getBytes(StandardCharsets.UTF_8), "pattern_type"});
        cases.put("STIX stricter than the advisory", new Object[] {"indicators.json", stix(RED).getBytes(StandardCharsets.UTF_8),
                "labelled TLP:RED, stricter than the advisory's TLP:AMBER"});
        cases.put("a path as name", new Object[] {"../../etc/\u0001passwd.txt", "x\n".getBytes(StandardCharsets.UTF_8),
                "Remove the character at position 1 of the file name"});
        long auditBefore = jdbc.sql("SELECT last_seq FROM audit_head WHERE id = 1").query(Long.class).single();

        cases.forEach((what, c) -> {
            var reply = upload(world.author(), id, (String) c[0], (byte[]) c[1]);
            assertThat(reply.status()).as(what + ": " + reply.body()).isEqualTo(400);
            assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(reply.body()).as(what).contains("\"field\":\"file\"", (String) c[2]);
        });
        var noFile = Multipart.post(port, "/api/v1/advisories/" + id + "/attachments", world.author().token(),
                Multipart.file("other", "a.txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8), Map.of()));
        assertThat(noFile.status()).isEqualTo(400);
        assertThat(noFile.body()).contains("part named 'file'");
        var notMultipart = api().post("/api/v1/advisories/" + id + "/attachments", world.author().token(), "{}");
        assertThat(notMultipart.status()).isEqualTo(415);

        assertThat(attachments(id)).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE seq > :seq AND action LIKE 'advisory.attachment%'")
                .param("seq", auditBefore).query(Integer.class).single()).isZero();
        var same = upload(world.author(), id, "same.txt", "x\n".getBytes(StandardCharsets.UTF_8));
        assertThat(same.status()).isEqualTo(201);
        var twice = upload(world.author(), id, "same.txt", "y\n".getBytes(StandardCharsets.UTF_8));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.body()).contains("already has an attachment called 'same.txt'");
    }

    @Test
    void theAuthoringPageTakesAnUploadAndTheCopyPageOffersIt() throws Exception {
        var world = world();
        var id = draft(world);
        var author = new PortalClient(port);
        author.signIn(world.author());
        var page = author.get("/advisories/" + id);
        assertThat(page.body()).contains("enctype=\"multipart/form-data\"", "id=\"attach\"");
        assertThat(author.get("/advisories/" + id + "/edit").body()).as("the authoring form offers the upload too")
                .contains("enctype=\"multipart/form-data\"", "id=\"attach\"");
        assertThat(author.get("/advisories/new").body()).contains("Save the draft first");
        var csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).isTrue();

        var refused = postForm(author, "/advisories/" + id + "/attachments",
                Multipart.file("file", "photo.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Map.of("_csrf", csrf.group(1))));
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(author.get("/advisories/" + id).body()).contains("There is a problem", "neither a PDF nor text");
        var portalPdf = pdf("portal");
        var accepted = postForm(author, "/advisories/" + id + "/attachments",
                Multipart.file("file", "campaign.pdf", "application/pdf", portalPdf, Map.of("_csrf", csrf.group(1))));
        assertThat(accepted.statusCode()).isEqualTo(302);
        assertThat(author.get("/advisories/" + id).body()).contains("Attached campaign.pdf", "campaign.pdf");
        var withoutToken = postForm(author, "/advisories/" + id + "/attachments",
                Multipart.file("file", "other.pdf", "application/pdf", pdf("no token"), Map.of()));
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(attachments(id)).isEqualTo(1);

        publish(world, id);
        var reader = new PortalClient(port);
        reader.signIn(world.recipient());
        var copy = reader.get("/advisories/" + id);
        var link = java.util.regex.Pattern.compile("href=\"(/advisories/" + id + "/attachments/[0-9a-f-]+)\"")
                .matcher(copy.body());
        assertThat(link.find()).as("the copy links its attachment").isTrue();
        var download = Multipart.download(port, link.group(1), null, cookies(reader));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(portalPdf);
        assertThat(download.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
    }

    // ----- helpers -----

    private java.net.http.HttpResponse<String> postForm(PortalClient client, String path, Multipart.Body body) {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", body.contentType()).header("Cookie", cookies(client))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build();
        try {
            return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cookies(PortalClient client) {
        return client.cookies().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    private World world() {
        var organisation = accounts.organisation("accountancy");
        return new World(organisation, accounts.staff(Role.AUTHOR), accounts.staff(Role.APPROVER),
                accounts.member(organisation, Role.EXECUTIVE), accounts.member(organisation, Role.ANALYST),
                accounts.member(accounts.organisation("accountancy"), Role.EXECUTIVE));
    }

    /** A TLP:AMBER draft for the organisation's executives. */
    private String draft(World world) {
        var created = api().post("/api/v1/advisories", world.author().token(), AdvisoryJson.json(AdvisoryJson.draft("TLP:AMBER",
                AdvisoryJson.audience(List.of(), List.of(world.organisation().id()), List.of(), List.of("EXECUTIVE")))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("id").asString();
    }

    private void publish(World world, String id) {
        var uuid = UUID.fromString(id);
        advisories.submit(world.author().person(), uuid);
        advisories.approve(world.approver().person(), uuid);
        advisories.publish(world.approver().person(), uuid);
    }

    private ApiClient.Reply upload(Accounts.Account who, String id, String name, byte[] content) {
        return Multipart.post(port, "/api/v1/advisories/" + id + "/attachments", who.token(),
                Multipart.file("file", name, "application/octet-stream", content, Map.of()));
    }

    private ApiClient api() {
        return new ApiClient(port);
    }

    private int attachments(String id) {
        return jdbc.sql("SELECT COUNT(*) FROM advisory_attachment WHERE advisory_id = :id").param("id", UUID.fromString(id))
                .query(Integer.class).single();
    }

    static byte[] pdf(String text) {
        try (var document = new PDDocument()) {
            var page = new PDPage();
            document.addPage(page);
            try (var content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(text);
                content.endText();
            }
            var out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String stix(String marking) {
        return """
                {"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[
                {"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                "created":"2026-11-01T00:00:00.000Z","modified":"2026-11-01T00:00:00.000Z","name":"Update check",
                "pattern":"[domain-name:value = 'update-check.example']","pattern_type":"stix",
                "valid_from":"2026-11-01T00:00:00.000Z","object_marking_refs":["%s"]}]}
                """.formatted(marking);
    }
}
