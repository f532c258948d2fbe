package org.tocsin.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.tocsin.Accounts;
import org.tocsin.ApiClient;
import org.tocsin.TocsinTest;
import org.tocsin.identity.ApiTokens;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Organisation;
import org.tocsin.membership.Role;

/**
 * Who may call which advisory endpoint, as a written table checked over real HTTP, in the manner of
 * {@code MembershipApiAccessTests}: each cell is one request by one subject on a fresh advisory in
 * the state its placeholder names, and its answer must be exactly the status written. A refusal is
 * a problem detail and leaves a DENIED entry in the audit trail; an allowed call leaves none.
 *
 * <p>Subjects: {@code anon} no credentials, {@code junk} a token never issued; {@code AUTH APPR ADMN
 * AUDT} the authority's author, approver, administrator and auditor (none of whom wrote the
 * fixtures); {@code RCPT} an executive of organisation A, to whose executives every fixture is
 * addressed; {@code NREC} an analyst of A, outside the audience; {@code OREC} the recipient of
 * another advisory; {@code SORG} a recipient of another advisory whose organisation was then
 * suspended; {@code RO} a read-only token of {@code RCPT}.
 */
@TocsinTest
class AdvisoryAccessTests {

    static final String MATRIX = """
            endpoint                                          | anon | junk | AUTH | APPR | ADMN | AUDT | RCPT | NREC | OREC | SORG | RO
            POST   /api/v1/advisories                         | 401  | 401  | 201  | 403  | 403  | 403  | 403  | 403  | 403  | 401  | 403
            GET    /api/v1/advisories                         | 401  | 401  | 200  | 200  | 200  | 200  | 200  | 200  | 200  | 401  | 200
            GET    /api/v1/advisories/{published}             | 401  | 401  | 200  | 200  | 404  | 200  | 200  | 404  | 404  | 401  | 200
            GET    /api/v1/advisories/{draft}                 | 401  | 401  | 200  | 200  | 404  | 200  | 404  | 404  | 404  | 401  | 404
            GET    /api/v1/advisories/{approved}              | 401  | 401  | 200  | 200  | 404  | 200  | 404  | 404  | 404  | 401  | 404
            GET    /api/v1/advisories/{withdrawn}             | 401  | 401  | 200  | 200  | 404  | 200  | 404  | 404  | 404  | 401  | 404
            GET    /api/v1/advisories/{missing}               | 401  | 401  | 404  | 404  | 404  | 404  | 404  | 404  | 404  | 401  | 404
            PUT    /api/v1/advisories/{draft}                 | 401  | 401  | 200  | 403  | 403  | 403  | 403  | 403  | 403  | 401  | 403
            PUT    /api/v1/advisories/{missing}               | 401  | 401  | 404  | 403  | 403  | 403  | 403  | 403  | 403  | 401  | 403
            POST   /api/v1/advisories/{draft}/submit          | 401  | 401  | 200  | 403  | 403  | 403  | 403  | 403  | 403  | 401  | 403
            POST   /api/v1/advisories/{inReview}/approve      | 401  | 401  | 403  | 200  | 403  | 403  | 403  | 403  | 403  | 401  | 403
            POST   /api/v1/advisories/{approved}/publish      | 401  | 401  | 200  | 200  | 403  | 403  | 403  | 403  | 403  | 401  | 403
            POST   /api/v1/advisories/{published}/withdraw    | 401  | 401  | 200  | 200  | 403  | 403  | 403  | 403  | 403  | 401  | 403
            POST   /api/v1/advisories/{published}/acknowledgement | 401 | 401 | 404 | 404  | 404  | 404  | 200  | 404  | 404  | 401  | 403
            POST   /api/v1/advisories/{withdrawn}/acknowledgement | 401 | 401 | 404 | 404  | 404  | 404  | 404  | 404  | 404  | 401  | 403
            PUT    /api/v1/advisories/{acknowledged}/actions/1 | 401 | 401  | 404  | 404  | 404  | 404  | 200  | 404  | 404  | 401  | 403
            PUT    /api/v1/advisories/{draft}/actions/1       | 401  | 401  | 404  | 404  | 404  | 404  | 404  | 404  | 404  | 401  | 403
            GET    /api/v1/advisories/{published}/recipients  | 401  | 401  | 200  | 200  | 404  | 200  | 404  | 404  | 404  | 401  | 404
            GET    /api/v1/advisories/{missing}/recipients    | 401  | 401  | 404  | 404  | 404  | 404  | 404  | 404  | 404  | 401  | 404
            GET    /api/v1/advisories/{published}/recipients.csv | 401 | 401 | 200 | 200 | 404  | 200  | 404  | 404  | 404  | 401  | 404
            GET    /api/v1/advisories/{missing}/recipients.csv | 401  | 401  | 404  | 404  | 404  | 404  | 404  | 404  | 404  | 401  | 404
            """;

    /** Request bodies; {@code %A%} becomes organisation A's id. */
    static final Map<String, String> BODIES = Map.of(
            "POST /api/v1/advisories", "draft",
            "PUT /api/v1/advisories/{draft}", "draft",
            "PUT /api/v1/advisories/{missing}", "draft",
            "POST /api/v1/advisories/{published}/withdraw", "{\"reason\":\"access matrix\"}",
            "POST /api/v1/advisories/{published}/acknowledgement", "{\"comment\":\"access matrix\"}",
            "POST /api/v1/advisories/{withdrawn}/acknowledgement", "{\"comment\":\"access matrix\"}",
            "PUT /api/v1/advisories/{acknowledged}/actions/1", "{\"status\":\"DONE\",\"comment\":\"access matrix\"}",
            "PUT /api/v1/advisories/{draft}/actions/1", "{\"status\":\"DONE\"}");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Membership membership;

    @Autowired
    Advisories advisories;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    record Cell(String method, String path, String subject, int expected) {

        String endpoint() {
            return method + " " + path;
        }

        @Override
        public String toString() {
            return subject + " " + endpoint() + " -> " + expected;
        }
    }

    /** Organisation A, the fixtures' author and approver, and the token of each subject (null for anon). */
    record World(Organisation a, Accounts.Account writer, Accounts.Account reviewer, Accounts.Account recipient,
            Map<String, String> subjects) {}

    @TestFactory
    Stream<DynamicTest> everySubjectGetsExactlyTheAnswerTheMatrixGives() {
        var world = world();
        var cells = cells();
        assertThat(new TreeSet<>(cells.stream().map(Cell::subject).toList())).isEqualTo(new TreeSet<>(world.subjects().keySet()));
        return cells.stream().map(cell -> dynamicTest(cell.toString(), () -> check(world, cell)));
    }

    @Test
    void matrixHasARowForEveryAdvisoryEndpoint() {
        var mapped = new TreeSet<String>();
        handlers.getHandlerMethods().forEach((info, method) -> {
            if (method.getBeanType() != AdvisoryApi.class && method.getBeanType() != DashboardController.class) {
                return;
            }
            for (var pattern : info.getPatternValues().stream().filter(p -> p.startsWith("/api/")).toList()) {
                info.getMethodsCondition().getMethods().forEach(m -> mapped.add(m.name() + " " + generic(pattern)));
            }
        });
        var rows = new TreeSet<String>();
        cells().forEach(cell -> rows.add(cell.method() + " " + generic(cell.path())));
        assertThat(mapped).hasSizeGreaterThanOrEqualTo(11);
        assertThat(rows).as("every advisory endpoint has a row in the matrix").containsAll(mapped);
    }

    @Test
    void anAdvisoryOutsideTheCallersReachAnswersExactlyLikeNoAdvisoryAtAll() {
        var world = world();
        var outsider = world.subjects().get("NREC");
        var published = fixture(world, "published").toString();
        var missing = UUID.randomUUID().toString();
        for (var suffix : List.of("", "/recipients", "/recipients.csv")) {
            var hidden = api().get("/api/v1/advisories/" + published + suffix, outsider);
            var absent = api().get("/api/v1/advisories/" + missing + suffix, outsider);
            assertThat(hidden.status()).isEqualTo(404);
            assertThat(withoutInstance(hidden.body())).isEqualTo(withoutInstance(absent.body()));
        }
        var hiddenAck = api().post("/api/v1/advisories/" + published + "/acknowledgement", outsider, "{}");
        var absentAck = api().post("/api/v1/advisories/" + missing + "/acknowledgement", outsider, "{}");
        assertThat(withoutInstance(hiddenAck.body())).isEqualTo(withoutInstance(absentAck.body()));
    }

    private void check(World world, Cell cell) {
        var token = world.subjects().get(cell.subject());
        var path = resolve(world, cell.path());
        var body = BODIES.get(cell.endpoint());
        if ("draft".equals(body)) {
            body = AdvisoryJson.json(AdvisoryJson.draft("TLP:AMBER",
                    AdvisoryJson.audience(List.of(), List.of(world.a().id()), List.of(), List.of("EXECUTIVE"))));
        }
        long auditedBefore = jdbc.sql("SELECT last_seq FROM audit_head WHERE id = 1").query(Long.class).single();

        var reply = api().call(cell.method(), path, token, body);

        assertThat(reply.status()).as("%s %s by %s; body: %s", cell.method(), path, cell.subject(), reply.body())
                .isEqualTo(cell.expected());
        var denials = jdbc.sql("SELECT action || ' ' || target FROM audit_entry WHERE seq > :seq AND outcome = 'DENIED'")
                .param("seq", auditedBefore).query(String.class).list();
        if (cell.expected() >= 400) {
            assertThat(reply.headers().firstValue("Content-Type")).as("a refusal is a problem detail")
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(denials).as("the refusal is in the audit trail").isNotEmpty();
        } else {
            assertThat(denials).as("an allowed call is not audited as a denial").isEmpty();
        }
    }

    private String resolve(World world, String path) {
        Matcher matcher = PLACEHOLDER.matcher(path);
        var out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, fixture(world, matcher.group(1)).toString());
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** A new advisory by the fixtures' author, addressed to A's executives, in the named state. */
    private UUID fixture(World world, String state) {
        if (state.equals("missing")) {
            return UUID.randomUUID();
        }
        var draft = new Draft(AdvisoryJson.TITLE, "TLP:AMBER", "HIGH", 70, AdvisoryJson.SUMMARY, AdvisoryJson.BODY, "",
                List.of(new Draft.Action(AdvisoryJson.ACTION, "EXECUTIVE", 7)),
                new Draft.Audience(List.of(), List.of(world.a().id().toString()), List.of(), List.of("EXECUTIVE")));
        var id = advisories.create(world.writer().person(), draft).id();
        var order = List.of("draft", "inReview", "approved", "published", "acknowledged", "withdrawn");
        int target = order.indexOf(state);
        if (target < 0) {
            throw new IllegalArgumentException("No fixture for " + state);
        }
        if (target >= 1) {
            advisories.submit(world.writer().person(), id);
        }
        if (target >= 2) {
            advisories.approve(world.reviewer().person(), id);
        }
        if (target >= 3) {
            advisories.publish(world.reviewer().person(), id);
        }
        if (target == 4) {
            advisories.acknowledge(world.recipient().person(), id, null);
        }
        if (target == 5) {
            advisories.withdraw(world.reviewer().person(), id, "fixture");
        }
        return id;
    }

    private World world() {
        var a = accounts.organisation("legal");
        var recipient = accounts.member(a, Role.EXECUTIVE);
        var writer = accounts.staff(Role.AUTHOR);
        var reviewer = accounts.staff(Role.APPROVER);
        var subjects = new LinkedHashMap<String, String>();
        subjects.put("anon", null);
        subjects.put("junk", "tcn_" + "x".repeat(43));
        subjects.put("AUTH", accounts.staff(Role.AUTHOR).token());
        subjects.put("APPR", accounts.staff(Role.APPROVER).token());
        subjects.put("ADMN", accounts.staff(Role.ADMIN).token());
        subjects.put("AUDT", accounts.staff(Role.AUDITOR).token());
        subjects.put("RCPT", recipient.token());
        subjects.put("NREC", accounts.member(a, Role.ANALYST).token());

        var other = accounts.organisation("legal");
        var otherRecipient = accounts.member(other, Role.EXECUTIVE);
        var suspended = accounts.organisation("legal");
        var suspendedRecipient = accounts.member(suspended, Role.EXECUTIVE);
        var elsewhere = advisories.create(writer.person(), new Draft(AdvisoryJson.TITLE, "TLP:AMBER", "LOW", null,
                AdvisoryJson.SUMMARY, AdvisoryJson.BODY, null, List.of(new Draft.Action(AdvisoryJson.ACTION, "EXECUTIVE", 7)),
                new Draft.Audience(List.of(), List.of(other.id().toString(), suspended.id().toString()), List.of(), List.of())));
        advisories.submit(writer.person(), elsewhere.id());
        advisories.approve(reviewer.person(), elsewhere.id());
        advisories.publish(reviewer.person(), elsewhere.id());
        membership.suspend(suspended.id(), "access matrix");
        subjects.put("OREC", otherRecipient.token());
        subjects.put("SORG", suspendedRecipient.token());
        subjects.put("RO", tokens.create(recipient.person(), "read-only", Duration.ofDays(1), true).secret());
        return new World(a, writer, reviewer, recipient, subjects);
    }

    static List<Cell> cells() {
        var lines = MATRIX.strip().lines().toList();
        var header = Arrays.stream(lines.get(0).split("\\|")).map(String::strip).toList();
        var cells = new ArrayList<Cell>();
        for (var line : lines.subList(1, lines.size())) {
            var columns = Arrays.stream(line.split("\\|")).map(String::strip).toList();
            if (columns.size() != header.size()) {
                throw new IllegalStateException("Row has " + columns.size() + " columns, header " + header.size() + ": " + line);
            }
            var endpoint = columns.get(0).split("\\s+");
            for (int i = 1; i < columns.size(); i++) {
                cells.add(new Cell(endpoint[0], endpoint[1], header.get(i), Integer.parseInt(columns.get(i))));
            }
        }
        return cells;
    }

    private static String generic(String path) {
        return PLACEHOLDER.matcher(path).replaceAll("{}").replaceAll("/actions/\\d+", "/actions/{}");
    }

    private static String withoutInstance(String problem) {
        return problem.replaceAll("\"instance\":\"[^\"]*\"", "");
    }

    private ApiClient api() {
        return new ApiClient(port);
    }
}
