package org.tocsin.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
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

/**
 * Who may call which membership, identity and audit endpoint, as a written table checked over real
 * HTTP. The table is the oracle: each cell is one request by one subject, and its answer must be
 * exactly the status written there. A refusal must also be one a program can act on (problem
 * details; for 401 a {@code WWW-Authenticate} challenge) and must leave a DENIED entry in the audit
 * trail; an allowed call must leave none.
 *
 * <p>Subjects (columns):
 * <ul>
 * <li>{@code anon} no credentials; {@code junk} a bearer token that was never issued
 * <li>{@code AUTH APPR ADMN AUDT} the authority's author, approver, administrator and auditor
 * <li>{@code EXEC LEAD ANLY OADM} executive, security lead, analyst and organisation admin of organisation A
 * <li>{@code OADB} the organisation admin of another organisation B, acting on A's people and invitations
 * <li>{@code SORG} the organisation admin of a suspended organisation
 * <li>{@code SPER} a suspended person (an administrator of the authority)
 * <li>{@code EXPD RVKD RO} an expired, a revoked and a read-only token of the authority's administrator
 * <li>{@code BAS} HTTP Basic with A's organisation admin's username and token; {@code BASX} the same
 *     token under the administrator's username
 * </ul>
 *
 * <p>Objects in paths are made afresh for every cell, so an allowed change never affects another
 * cell: {@code {A}} is organisation A, {@code {applied}}, {@code {approved}} and {@code {suspended}}
 * a new organisation in that state, {@code {person}} and {@code {suspendedPerson}} a new person of
 * A, {@code {staff}} a new person of the authority, {@code {invitation}} a new open invitation to A,
 * {@code {ownToken}} a new token of the caller and {@code {foreignToken}} one of somebody else in A.
 */
@TocsinTest
class MembershipApiAccessTests {

    static final String MATRIX = """
            endpoint                                            | anon | junk | AUTH | APPR | ADMN | AUDT | EXEC | LEAD | ANLY | OADM | OADB | SORG | SPER | EXPD | RVKD | RO   | BAS  | BASX
            GET    /api/v1/sectors                              | 401  | 401  | 200  | 200  | 200  | 200  | 200  | 200  | 200  | 200  | 200  | 401  | 401  | 401  | 401  | 200  | 200  | 401
            GET    /api/v1/organisations                        | 401  | 401  | 403  | 403  | 200  | 200  | 403  | 403  | 403  | 403  | 403  | 401  | 401  | 401  | 401  | 200  | 403  | 401
            POST   /api/v1/organisations                        | 401  | 401  | 403  | 403  | 201  | 403  | 403  | 403  | 403  | 403  | 403  | 401  | 401  | 401  | 401  | 403  | 403  | 401
            GET    /api/v1/organisations/{A}                    | 401  | 401  | 404  | 404  | 200  | 200  | 200  | 200  | 200  | 200  | 404  | 401  | 401  | 401  | 401  | 200  | 200  | 401
            POST   /api/v1/organisations/{applied}/approval     | 401  | 401  | 403  | 403  | 200  | 403  | 403  | 403  | 403  | 403  | 403  | 401  | 401  | 401  | 401  | 403  | 403  | 401
            POST   /api/v1/organisations/{approved}/suspension  | 401  | 401  | 403  | 403  | 200  | 403  | 403  | 403  | 403  | 403  | 403  | 401  | 401  | 401  | 401  | 403  | 403  | 401
            POST   /api/v1/organisations/{suspended}/reinstatement | 401 | 401 | 403 | 403  | 200  | 403  | 403  | 403  | 403  | 403  | 403  | 401  | 401  | 401  | 401  | 403  | 403  | 401
            GET    /api/v1/organisations/{A}/people             | 401  | 401  | 403  | 403  | 200  | 403  | 403  | 403  | 403  | 200  | 404  | 401  | 401  | 401  | 401  | 200  | 200  | 401
            GET    /api/v1/organisations/{A}/invitations        | 401  | 401  | 403  | 403  | 200  | 403  | 403  | 403  | 403  | 200  | 404  | 401  | 401  | 401  | 401  | 200  | 200  | 401
            POST   /api/v1/organisations/{A}/invitations        | 401  | 401  | 403  | 403  | 201  | 403  | 403  | 403  | 403  | 201  | 404  | 401  | 401  | 401  | 401  | 403  | 201  | 401
            DELETE /api/v1/invitations/{invitation}             | 401  | 401  | 403  | 403  | 204  | 403  | 403  | 403  | 403  | 204  | 404  | 401  | 401  | 401  | 401  | 403  | 204  | 401
            PUT    /api/v1/people/{person}/roles                | 401  | 401  | 403  | 403  | 200  | 403  | 403  | 403  | 403  | 200  | 404  | 401  | 401  | 401  | 401  | 403  | 200  | 401
            PUT    /api/v1/people/{staff}/roles                 | 401  | 401  | 403  | 403  | 200  | 403  | 403  | 403  | 403  | 404  | 404  | 401  | 401  | 401  | 401  | 403  | 404  | 401
            POST   /api/v1/people/{person}/suspension           | 401  | 401  | 403  | 403  | 200  | 403  | 403  | 403  | 403  | 200  | 404  | 401  | 401  | 401  | 401  | 403  | 200  | 401
            POST   /api/v1/people/{suspendedPerson}/reinstatement | 401 | 401 | 403  | 403  | 200  | 403  | 403  | 403  | 403  | 200  | 404  | 401  | 401  | 401  | 401  | 403  | 200  | 401
            DELETE /api/v1/people/{person}                      | 401  | 401  | 403  | 403  | 204  | 403  | 403  | 403  | 403  | 204  | 404  | 401  | 401  | 401  | 401  | 403  | 204  | 401
            GET    /api/v1/me                                   | 401  | 401  | 200  | 200  | 200  | 200  | 200  | 200  | 200  | 200  | 200  | 401  | 401  | 401  | 401  | 200  | 200  | 401
            GET    /api/v1/tokens                               | 401  | 401  | 200  | 200  | 200  | 200  | 200  | 200  | 200  | 200  | 200  | 401  | 401  | 401  | 401  | 200  | 200  | 401
            POST   /api/v1/tokens                               | 401  | 401  | 201  | 201  | 201  | 201  | 201  | 201  | 201  | 201  | 201  | 401  | 401  | 401  | 401  | 403  | 201  | 401
            DELETE /api/v1/tokens/{ownToken}                    | 401  | 401  | 204  | 204  | 204  | 204  | 204  | 204  | 204  | 204  | 204  | 401  | 401  | 401  | 401  | 403  | 204  | 401
            DELETE /api/v1/tokens/{foreignToken}                | 401  | 401  | 404  | 404  | 404  | 404  | 404  | 404  | 404  | 404  | 404  | 401  | 401  | 401  | 401  | 403  | 404  | 401
            GET    /api/v1/audit                                | 401  | 401  | 403  | 403  | 403  | 200  | 403  | 403  | 403  | 403  | 403  | 401  | 401  | 401  | 401  | 403  | 403  | 401
            GET    /api/v1/audit/verify                         | 401  | 401  | 403  | 403  | 403  | 200  | 403  | 403  | 403  | 403  | 403  | 401  | 401  | 401  | 401  | 403  | 403  | 401
            GET    /api/v1/openapi.json                         | 401  | 401  | 200  | 200  | 200  | 200  | 200  | 200  | 200  | 200  | 200  | 401  | 401  | 401  | 401  | 200  | 200  | 401
            GET    /api/v1/openapi.json.yaml                    | 401  | 401  | 200  | 200  | 200  | 200  | 200  | 200  | 200  | 200  | 200  | 401  | 401  | 401  | 401  | 200  | 200  | 401
            """;

    /** Request bodies of the endpoints that take one; {@code %s} becomes a number unique to the cell. */
    static final Map<String, String> BODIES = Map.of(
            "POST /api/v1/organisations", """
                    {"name": "Applicant %s", "sectors": ["banking"]}""",
            "POST /api/v1/organisations/{applied}/approval", """
                    {"sponsor": "authority"}""",
            "POST /api/v1/organisations/{approved}/suspension", """
                    {"reason": "access matrix"}""",
            "POST /api/v1/organisations/{A}/invitations", """
                    {"email": "invitee-%s@test.example", "displayName": "Invitee", "roles": ["ANALYST"]}""",
            "PUT /api/v1/people/{person}/roles", """
                    {"roles": ["ANALYST", "EXECUTIVE"]}""",
            "PUT /api/v1/people/{staff}/roles", """
                    {"roles": ["AUDITOR"]}""",
            "POST /api/v1/people/{person}/suspension", """
                    {"reason": "access matrix"}""",
            "POST /api/v1/tokens", """
                    {"name": "matrix", "expiresInDays": 1}""");

    /** The handler classes whose API endpoints this matrix must cover, every one of them. */
    static final Set<String> COVERED_HANDLERS = Set.of("org.tocsin.membership.MembershipApi", "org.tocsin.identity.MeApi",
            "org.tocsin.audit.AuditController", "org.springdoc.webmvc.api.OpenApiWebMvcResource");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Membership membership;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    record Subject(String code, String authorization, Person person) {}

    record Cell(String method, String path, String subject, int expected) {

        String endpoint() {
            return method + " " + path;
        }

        @Override
        public String toString() {
            return subject + " " + endpoint() + " -> " + expected;
        }
    }

    /** Organisation A with its admin, and a bystander in A whose tokens serve as somebody else's. */
    record World(Organisation a, Accounts.Account adminOfA, Person bystander, Map<String, Subject> subjects) {}

    @TestFactory
    Stream<DynamicTest> everySubjectGetsExactlyTheAnswerTheMatrixGives() {
        var world = world();
        var cells = cells();
        assertThat(new TreeSet<>(cells.stream().map(Cell::subject).toList())).isEqualTo(new TreeSet<>(world.subjects().keySet()));
        return cells.stream().map(cell -> dynamicTest(cell.toString(), () -> check(world, cell)));
    }

    @Test
    void matrixHasARowForEveryEndpointOfTheCoveredHandlers() {
        var mapped = new TreeSet<String>();
        handlers.getHandlerMethods().forEach((info, method) -> {
            if (!COVERED_HANDLERS.contains(method.getBeanType().getName())) {
                return;
            }
            for (var pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                var methods = info.getMethodsCondition().getMethods();
                if (methods.isEmpty()) {
                    mapped.add("ANY " + generic(pattern));
                }
                methods.forEach(m -> mapped.add(m.name() + " " + generic(pattern)));
            }
        });
        var rows = new TreeSet<String>();
        cells().forEach(cell -> rows.add(cell.method() + " " + generic(cell.path())));
        assertThat(mapped).as("API endpoints of " + COVERED_HANDLERS).isNotEmpty();
        assertThat(rows).as("every covered endpoint has a row in the matrix").containsAll(mapped);
    }

    @Test
    void anotherOrganisationsPeopleAnswerExactlyLikeNobodyAtAll() {
        var world = world();
        var intruder = world.subjects().get("OADB");
        var hidden = send("GET", "/api/v1/organisations/" + world.a().id() + "/people", intruder.authorization(), null);
        var missing = send("GET", "/api/v1/organisations/" + UUID.randomUUID() + "/people", intruder.authorization(), null);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(withoutInstance(hidden.body())).isEqualTo(withoutInstance(missing.body()));
        var hiddenPerson = send("DELETE", "/api/v1/people/" + world.bystander().id(), intruder.authorization(), null);
        var missingPerson = send("DELETE", "/api/v1/people/" + UUID.randomUUID(), intruder.authorization(), null);
        assertThat(hiddenPerson.status()).isEqualTo(404);
        assertThat(withoutInstance(hiddenPerson.body())).isEqualTo(withoutInstance(missingPerson.body()));
        assertThat(membership.person(world.bystander().id()).orElseThrow().status()).isEqualTo(PersonStatus.ACTIVE);
    }

    private void check(World world, Cell cell) {
        var subject = world.subjects().get(cell.subject());
        var path = resolve(world, subject, cell.path());
        var template = BODIES.get(cell.endpoint());
        var body = template == null ? null : template.formatted(UNIQUE.incrementAndGet());
        long auditedBefore = auditHead();

        var reply = send(cell.method(), path, subject.authorization(), body);

        assertThat(reply.status()).as("%s %s by %s; body: %s", cell.method(), path, subject.code(), reply.body())
                .isEqualTo(cell.expected());
        var denials = jdbc.sql("SELECT action || ' ' || target FROM audit_entry WHERE seq > :seq AND outcome = 'DENIED'")
                .param("seq", auditedBefore).query(String.class).list();
        if (cell.expected() >= 400) {
            assertThat(reply.headers().firstValue("Content-Type")).as("a refusal is a problem detail")
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(reply.body()).contains("\"status\":" + cell.expected());
            assertThat(denials).as("the refusal is in the audit trail").isNotEmpty();
        } else {
            assertThat(denials).as("an allowed call is not audited as a denial").isEmpty();
        }
        if (cell.expected() == 401) {
            assertThat(reply.headers().firstValue("WWW-Authenticate")).as("a 401 says how to authenticate")
                    .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
        }
    }

    /** Replaces each placeholder with a newly made object in the state it names. */
    private String resolve(World world, Subject subject, String path) {
        Matcher matcher = PLACEHOLDER.matcher(path);
        var out = new StringBuilder();
        while (matcher.find()) {
            var id = switch (matcher.group(1)) {
                case "A" -> world.a().id();
                case "applied" -> membership.apply("Applied " + unique(), List.of("water")).id();
                case "approved" -> accounts.organisation("water").id();
                case "suspended" -> membership.suspend(accounts.organisation("water").id(), "matrix fixture").id();
                case "person" -> personOf(world.a(), Role.ANALYST).id();
                case "suspendedPerson" -> membership.suspendPerson(personOf(world.a(), Role.ANALYST).id(), "matrix fixture").id();
                case "staff" -> personOf(accounts.authority(), Role.AUTHOR).id();
                case "invitation" -> membership.invite(world.adminOfA().person(), world.a().id(),
                        "invited-" + unique() + "@test.example", "Invited", Set.of(Role.ANALYST)).id();
                case "ownToken" -> tokens.create(subject.person() == null ? world.bystander() : subject.person(), "fixture",
                        Duration.ofDays(1), false).token().id();
                case "foreignToken" -> tokens.create(world.bystander(), "fixture", Duration.ofDays(1), false).token().id();
                default -> throw new IllegalArgumentException("No fixture for " + matcher.group());
            };
            matcher.appendReplacement(out, id.toString());
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private World world() {
        var a = accounts.organisation("banking");
        var b = accounts.organisation("banking");
        var adminOfA = accounts.member(a, Role.ORG_ADMIN);
        var staffAdmin = accounts.staff(Role.ADMIN);
        var subjects = new LinkedHashMap<String, Subject>();
        subjects.put("anon", new Subject("anon", null, null));
        subjects.put("junk", new Subject("junk", "Bearer tcn_" + "x".repeat(43), null));
        for (var role : List.of(Role.AUTHOR, Role.APPROVER, Role.AUDITOR)) {
            subjects.put(code(role), bearer(code(role), accounts.staff(role)));
        }
        subjects.put("ADMN", bearer("ADMN", staffAdmin));
        for (var role : List.of(Role.EXECUTIVE, Role.SECURITY_LEAD, Role.ANALYST)) {
            subjects.put(code(role), bearer(code(role), accounts.member(a, role)));
        }
        subjects.put("OADM", bearer("OADM", adminOfA));
        subjects.put("OADB", bearer("OADB", accounts.member(b, Role.ORG_ADMIN)));

        var suspendedOrganisation = accounts.organisation("banking");
        var adminOfSuspended = accounts.member(suspendedOrganisation, Role.ORG_ADMIN);
        membership.suspend(suspendedOrganisation.id(), "access matrix");
        subjects.put("SORG", bearer("SORG", adminOfSuspended));

        var suspendedAdmin = accounts.staff(Role.ADMIN);
        membership.suspendPerson(suspendedAdmin.person().id(), "access matrix");
        subjects.put("SPER", bearer("SPER", suspendedAdmin));

        var expired = tokens.create(staffAdmin.person(), "expired", Duration.ofDays(1), false);
        jdbc.sql("UPDATE api_token SET expires_at = :past WHERE id = :id")
                .param("past", OffsetDateTime.now(clock).minusMinutes(1)).param("id", expired.token().id()).update();
        subjects.put("EXPD", new Subject("EXPD", "Bearer " + expired.secret(), staffAdmin.person()));
        var revoked = tokens.create(staffAdmin.person(), "revoked", Duration.ofDays(1), false);
        tokens.revoke(staffAdmin.person(), revoked.token().id());
        subjects.put("RVKD", new Subject("RVKD", "Bearer " + revoked.secret(), staffAdmin.person()));
        var readOnly = tokens.create(staffAdmin.person(), "read-only", Duration.ofDays(1), true);
        subjects.put("RO", new Subject("RO", "Bearer " + readOnly.secret(), staffAdmin.person()));

        subjects.put("BAS", new Subject("BAS", basic(adminOfA.username(), adminOfA.token()), adminOfA.person()));
        subjects.put("BASX", new Subject("BASX", basic(staffAdmin.username(), adminOfA.token()), adminOfA.person()));

        var bystander = personOf(a, Role.ANALYST);
        return new World(a, adminOfA, bystander, subjects);
    }

    private Person personOf(Organisation organisation, Role role) {
        return membership.addPerson(organisation.id(), "fixture-" + unique() + "@test.example", "Fixture Person", Set.of(role));
    }

    private static Subject bearer(String code, Accounts.Account account) {
        return new Subject(code, "Bearer " + account.token(), account.person());
    }

    private static String basic(String username, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    private static String code(Role role) {
        return switch (role) {
            case AUTHOR -> "AUTH";
            case APPROVER -> "APPR";
            case ADMIN -> "ADMN";
            case AUDITOR -> "AUDT";
            case EXECUTIVE -> "EXEC";
            case SECURITY_LEAD -> "LEAD";
            case ANALYST -> "ANLY";
            case ORG_ADMIN -> "OADM";
        };
    }

    /** Reads the written matrix into one cell per subject and endpoint. */
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
        return PLACEHOLDER.matcher(path).replaceAll("{}");
    }

    private static String withoutInstance(String problem) {
        return problem.replaceAll("\"instance\":\"[^\"]*\"", "");
    }

    private long auditHead() {
        return jdbc.sql("SELECT last_seq FROM audit_head WHERE id = 1").query(Long.class).single();
    }

    private static String unique() {
        return UNIQUE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }

    private ApiClient.Reply send(String method, String path, String authorization, String json) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, */*;q=0.1");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
