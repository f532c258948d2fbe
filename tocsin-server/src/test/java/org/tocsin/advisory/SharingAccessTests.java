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
import org.tocsin.membership.Role;

/**
 * Who may share, delegate, act on an executive's behalf and derive or inspect notices, as a written
 * table checked over real HTTP in the manner of {@code AdvisoryAccessTests}: each cell is one
 * request on a fresh advisory in the state its placeholder names, answered exactly as written,
 * every refusal a problem detail and audited.
 *
 * <p>Subjects as in {@code AdvisoryAccessTests}, plus {@code LEAD}, a security lead of A outside
 * the audience, to whom {@code RCPT} delegates in the {@code delegated} fixtures.
 */
@TocsinTest
class SharingAccessTests {

    static final String MATRIX = """
            endpoint                                                   | anon | junk | AUTH | APPR | ADMN | AUDT | RCPT | LEAD | NREC | OREC | SORG | RO
            POST   /api/v1/advisories/{published}/shares               | 401  | 401  | 404  | 404  | 404  | 404  | 201  | 404  | 404  | 404  | 401  | 403
            POST   /api/v1/advisories/{withdrawn}/shares               | 401  | 401  | 404  | 404  | 404  | 404  | 404  | 404  | 404  | 404  | 401  | 403
            POST   /api/v1/advisories/{draft}/shares                   | 401  | 401  | 404  | 404  | 404  | 404  | 404  | 404  | 404  | 404  | 401  | 403
            GET    /api/v1/advisories/{published}/shares               | 401  | 401  | 404  | 404  | 404  | 404  | 200  | 404  | 404  | 404  | 401  | 200
            PUT    /api/v1/advisories/{published}/delegation           | 401  | 401  | 403  | 403  | 403  | 403  | 200  | 403  | 403  | 404  | 401  | 403
            PUT    /api/v1/advisories/{withdrawn}/delegation           | 401  | 401  | 403  | 403  | 403  | 403  | 404  | 403  | 403  | 404  | 401  | 403
            POST   /api/v1/advisories/{delegated}/delegation/acknowledgement | 401 | 401 | 403 | 403 | 403  | 403  | 403  | 200  | 403  | 403  | 401  | 403
            POST   /api/v1/advisories/{published}/delegation/acknowledgement | 401 | 401 | 403 | 403 | 403  | 403  | 403  | 404  | 403  | 403  | 401  | 403
            PUT    /api/v1/advisories/{delegatedAcknowledged}/delegation/actions/1 | 401 | 401 | 403 | 403 | 403 | 403 | 403 | 200 | 403 | 403 | 401  | 403
            POST   /api/v1/advisories/{published}/notices              | 401  | 401  | 201  | 403  | 403  | 403  | 403  | 403  | 403  | 403  | 401  | 403
            POST   /api/v1/advisories/{missing}/notices                | 401  | 401  | 404  | 403  | 403  | 403  | 403  | 403  | 403  | 403  | 401  | 403
            GET    /api/v1/advisories/{published}/derivation           | 401  | 401  | 200  | 200  | 404  | 200  | 404  | 404  | 404  | 404  | 401  | 404
            GET    /api/v1/advisories/{missing}/derivation             | 401  | 401  | 404  | 404  | 404  | 404  | 404  | 404  | 404  | 404  | 401  | 404
            """;

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
    Shares shares;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    record Cell(String method, String path, String subject, int expected) {

        @Override
        public String toString() {
            return subject + " " + method + " " + path + " -> " + expected;
        }
    }

    record World(Accounts.Account writer, Accounts.Account reviewer, Accounts.Account recipient, Accounts.Account lead,
            Accounts.Account analyst, UUID organisation, Map<String, String> subjects) {}

    @TestFactory
    Stream<DynamicTest> everySubjectGetsExactlyTheAnswerTheMatrixGives() {
        var world = world();
        var cells = cells();
        assertThat(new TreeSet<>(cells.stream().map(Cell::subject).toList())).isEqualTo(new TreeSet<>(world.subjects().keySet()));
        return cells.stream().map(cell -> dynamicTest(cell.toString(), () -> check(world, cell)));
    }

    @Test
    void matrixHasARowForEveryEndpointOfSharingAndNotices() {
        var mapped = new TreeSet<String>();
        handlers.getHandlerMethods().forEach((info, method) -> {
            if (method.getBeanType() != SharingApi.class && method.getBeanType() != NoticeApi.class) {
                return;
            }
            for (var pattern : info.getPatternValues()) {
                info.getMethodsCondition().getMethods().forEach(m -> mapped.add(m.name() + " " + generic(pattern)));
            }
        });
        var rows = new TreeSet<String>();
        cells().forEach(cell -> rows.add(cell.method() + " " + generic(cell.path())));
        assertThat(mapped).hasSize(7);
        assertThat(rows).containsAll(mapped);
    }

    private void check(World world, Cell cell) {
        var token = world.subjects().get(cell.subject());
        var path = resolve(world, cell.path());
        String body = null;
        if (path.endsWith("/shares") && cell.method().equals("POST")) {
            body = "{\"username\":\"" + world.analyst().username() + "\"}";
        } else if (path.endsWith("/delegation")) {
            body = "{\"username\":\"" + world.lead().username() + "\"}";
        } else if (path.contains("/delegation/")) {
            body = "{\"executive\":\"" + world.recipient().username() + "\",\"status\":\"DONE\"}";
            if (path.endsWith("/acknowledgement")) {
                body = "{\"executive\":\"" + world.recipient().username() + "\"}";
            }
        } else if (path.endsWith("/notices")) {
            var notice = AdvisoryJson.draft("TLP:GREEN", AdvisoryJson.audience(List.of(), List.of(world.organisation()),
                    List.of(), List.of()));
            notice.put("summary", "A shorter warning for every member, written anew.");
            notice.put("body", "What every member should know, written anew.");
            body = AdvisoryJson.json(notice);
        }
        long auditedBefore = jdbc.sql("SELECT last_seq FROM audit_head WHERE id = 1").query(Long.class).single();

        var reply = new ApiClient(port).call(cell.method(), path, token, body);

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
        var matcher = PLACEHOLDER.matcher(path);
        var out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, fixture(world, matcher.group(1)).toString());
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** A new TLP:AMBER advisory to A's executives, in the named state. */
    private UUID fixture(World world, String state) {
        if (state.equals("missing")) {
            return UUID.randomUUID();
        }
        var draft = new Draft(AdvisoryJson.TITLE, "TLP:AMBER", "HIGH", 70, AdvisoryJson.SUMMARY, AdvisoryJson.BODY, "",
                List.of(new Draft.Action(AdvisoryJson.ACTION, "EXECUTIVE", 7)),
                new Draft.Audience(List.of(), List.of(world.organisation().toString()), List.of(), List.of("EXECUTIVE")));
        var id = advisories.create(world.writer().person(), draft).id();
        if (state.equals("draft")) {
            return id;
        }
        advisories.submit(world.writer().person(), id);
        advisories.approve(world.reviewer().person(), id);
        advisories.publish(world.reviewer().person(), id);
        switch (state) {
            case "published" -> { }
            case "withdrawn" -> advisories.withdraw(world.reviewer().person(), id, "fixture");
            case "delegated" -> shares.delegate(world.recipient().person(), id, world.lead().username());
            case "delegatedAcknowledged" -> {
                shares.delegate(world.recipient().person(), id, world.lead().username());
                shares.acknowledgeFor(world.lead().person(), id, world.recipient().username(), null);
            }
            default -> throw new IllegalArgumentException("No fixture for " + state);
        }
        return id;
    }

    private World world() {
        var a = accounts.organisation("legal");
        var recipient = accounts.member(a, Role.EXECUTIVE);
        var lead = accounts.member(a, Role.SECURITY_LEAD);
        var analyst = accounts.member(a, Role.ANALYST);
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
        subjects.put("LEAD", lead.token());
        subjects.put("NREC", analyst.token());

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
        return new World(writer, reviewer, recipient, lead, analyst, a.id(), subjects);
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
}
