package org.tocsin.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tocsin.advisory.Advisories;
import org.tocsin.advisory.Draft;
import org.tocsin.advisory.Notices;
import org.tocsin.identity.ApiTokens;
import org.tocsin.identity.Credentials;
import org.tocsin.identity.Totp;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Organisation;
import org.tocsin.membership.Person;
import org.tocsin.membership.Role;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;

/**
 * Seeds the 2007 scenario on the first start of an empty database: the authority with an author,
 * an approver, an administrator and an auditor; 300 member organisations in banking, accountancy
 * and legal and some in telecoms, water and energy, each with an executive and a security lead
 * (who is also its organisation admin). Every account gets a password, an enrolled authenticator
 * secret, recovery codes and an API token, all through the ordinary services. The demo author has
 * written the 2007 warning as a TLP:AMBER advisory and, derived from it, the TLP:GREEN members'
 * notice for every member of the six sectors, and submitted both for review, ready for the demo
 * approver to approve and publish.
 */
@Component
@Order(20)
@ConditionalOnProperty(name = "tocsin.demo.enabled", havingValue = "true")
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String[] NAMES = {"Albion", "Barrow", "Carlisle", "Dunmore", "Ellesmere", "Fairfax",
            "Grantham", "Harcourt", "Islington", "Jarrow", "Kingsley", "Lambeth", "Marlow", "Norwood", "Oakham",
            "Pembroke", "Queensbury", "Redcliffe", "Sandford", "Thornbury", "Uxbridge", "Vauxhall", "Whitby",
            "Yarmouth", "Ashcombe", "Blackwood", "Chesterfield", "Dorrington", "Eversley", "Fenwick", "Glenmore",
            "Holloway", "Ingleby", "Kenwood", "Langley", "Moorgate", "Newbury", "Oldham", "Penrose", "Radley",
            "Selwyn", "Tavistock", "Underhill", "Wexford", "Ashdown", "Bramley", "Coniston", "Denholm", "Egerton",
            "Fulbrook"};
    private static final Map<String, String[]> KINDS = Map.of(
            "banking", new String[] {"Bank plc", "Building Society", "Capital Markets Ltd", "Private Bank"},
            "accountancy", new String[] {"& Partners LLP", "Audit LLP", "Accountants", "Advisory LLP"},
            "legal", new String[] {"Solicitors LLP", "Chambers", "Law LLP", "& Co Solicitors"},
            "telecoms", new String[] {"Telecom plc", "Networks Ltd"},
            "water", new String[] {"Water plc", "Water Services Ltd"},
            "energy", new String[] {"Energy plc", "Power Ltd"});

    private final Membership membership;
    private final Advisories advisories;
    private final Notices notices;
    private final Credentials credentials;
    private final ApiTokens tokens;
    private final Clock clock;
    private final ObjectMapper json;
    private final Path credentialsFile;
    private final int perCoreSector;
    private final int perOtherSector;

    DemoData(Membership membership, Advisories advisories, Notices notices, Credentials credentials, ApiTokens tokens, Clock clock, ObjectMapper json,
            @Value("${tocsin.data-dir:./data}") Path dataDir,
            @Value("${tocsin.demo.organisations-per-core-sector:100}") int perCoreSector,
            @Value("${tocsin.demo.organisations-per-other-sector:10}") int perOtherSector) {
        this.membership = membership;
        this.advisories = advisories;
        this.notices = notices;
        this.credentials = credentials;
        this.tokens = tokens;
        this.clock = clock;
        this.json = json;
        this.credentialsFile = dataDir.resolve("demo-credentials.json");
        this.perCoreSector = perCoreSector;
        this.perOtherSector = perOtherSector;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (membership.authority().isPresent()) {
            return; // seeded before, or a real installation: never touch it
        }
        long started = System.nanoTime();
        var authority = membership.createAuthority("Centre for the Protection of National Infrastructure");
        var accounts = Collections.synchronizedList(new ArrayList<Map<String, Object>>());
        var pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        Person author = null;
        try {
            var work = new ArrayList<Future<?>>();
            for (var staff : List.of(
                    List.of("author", "Alex Author", Role.AUTHOR), List.of("approver", "Pat Approver", Role.APPROVER),
                    List.of("admin", "Sam Administrator", Role.ADMIN), List.of("auditor", "Robin Auditor", Role.AUDITOR))) {
                var person = membership.addPerson(authority.id(), staff.get(0) + "@cpni.example",
                        (String) staff.get(1), Set.of((Role) staff.get(2)));
                if (staff.get(2) == Role.AUTHOR) {
                    author = person;
                }
                work.add(pool.submit(() -> accounts.add(account(person, authority))));
            }
            int n = 0;
            for (var sector : List.of("banking", "accountancy", "legal", "telecoms", "water", "energy")) {
                int count = List.of("banking", "accountancy", "legal").contains(sector) ? perCoreSector : perOtherSector;
                for (int i = 0; i < count; i++, n++) {
                    var kinds = KINDS.get(sector);
                    var name = NAMES[i % NAMES.length] + " " + kinds[(i / NAMES.length) % kinds.length]
                            + (i >= NAMES.length * kinds.length ? " " + (i / (NAMES.length * kinds.length) + 1) : "");
                    var organisation = membership.apply(name, List.of(sector));
                    organisation = membership.approve(organisation.id(), authority.id());
                    var domain = "org" + (n + 1) + "." + sector + ".example";
                    var executive = membership.addPerson(organisation.id(), "ceo@" + domain,
                            "Chief Executive of " + name, Set.of(Role.EXECUTIVE));
                    var lead = membership.addPerson(organisation.id(), "ciso@" + domain,
                            "Security Lead of " + name, Set.of(Role.SECURITY_LEAD, Role.ORG_ADMIN));
                    var org = organisation;
                    work.add(pool.submit(() -> accounts.add(account(executive, org))));
                    work.add(pool.submit(() -> accounts.add(account(lead, org))));
                }
            }
            for (var future : work) {
                future.get();
            }
        } finally {
            shutdown(pool);
        }
        var warning = advisories.create(author, WARNING_2007);
        advisories.submit(author, warning.id());
        advisories.submit(author, notices.derive(author, warning.id(), MembersNotice2007.NOTICE).id());
        accounts.sort((a, b) -> String.valueOf(a.get("username")).compareTo(String.valueOf(b.get("username"))));
        write(accounts);
        log.info("Demo data seeded in {} s: {} accounts; credentials in {}", (System.nanoTime() - started) / 1_000_000_000,
                accounts.size(), credentialsFile.toAbsolutePath());
    }

    /** The 2007 warning as an advisory: the letter to the chief executives and security chiefs of three sectors. */
    static final Draft WARNING_2007 = new Draft(
            "State-sponsored electronic espionage against banks, accountancy and law firms",
            "TLP:AMBER", "HIGH", 80,
            """
            State-sponsored attackers are breaking into the networks of banks, accountancy firms and law firms \
            to steal confidential commercial information: negotiating positions, deal terms and client files. \
            Their attacks are built to get past security that follows best practice, so good standard protection \
            does not mean you are safe. Your organisation is in a targeted sector. Chief executives: make sure your \
            security lead has the support to look for signs of intrusion now, and treat this as a board-level risk. \
            Security leads: read the technical annex and check your logs. Keep trading as normal, and manage the \
            risk.""",
            """
            ## What is happening

            We have evidence that state organisations are conducting electronic espionage against UK businesses in \
            the financial and professional-services sectors. The attackers want confidential commercial \
            information: **negotiating positions**, **deal terms**, and the files of the clients you advise.

            ## Why it matters to you

            The attacks are designed to defeat best-practice IT security. They arrive as carefully written e-mail \
            that appears to come from people you deal with, carrying documents that install hidden software. An \
            organisation that follows every standard may still be compromised without knowing it.

            ## What we ask

            1. Chief executives: brief your board, and give your security lead the authority to act.
            2. Security leads: search your logs for the indicators {{in|listed in}} the technical annex, and tell us what you find.
            3. Everyone: treat unexpected attachments with suspicion, even from familiar names.

            This advisory is **TLP:AMBER**: {{share it|pass it on}} inside your organisation, with those who need to know.
            """,
            """
            ## Indicators

            The indicators are {{also in|also published in|also available in}} the Tocsin TAXII feed, identical for every recipient.

            - {{Command-and-control domain|Command and control domain|Domain used for command and control}}: `update-check.example`
            - Sending address of the lure e-mails: `conference-invite@events.example`

            ## Where to look

            Proxy and DNS logs for lookups of the domain and its subdomains; {{mail gateway logs|the mail gateway's logs}} \
            {{for the sender|for the sending address}}.
            """,
            List.of(new Draft.Action("Brief the board on this threat and name who leads the response", "EXECUTIVE", 7),
                    new Draft.Action("Search proxy, DNS and mail logs for the indicators in the technical annex",
                            "SECURITY_LEAD", 3),
                    new Draft.Action("Report what you find to the authority through Tocsin", "SECURITY_LEAD", 14)),
            new Draft.Audience(List.of("banking", "accountancy", "legal"), List.of(), List.of(),
                    List.of("EXECUTIVE", "SECURITY_LEAD")));

    private Map<String, Object> account(Person person, Organisation organisation) {
        var password = randomPassword();
        credentials.setPassword(person.id(), person.username(), password);
        var secret = credentials.beginTotpEnrolment(person.id());
        var recovery = credentials.confirmTotpEnrolment(person.id(), person.username(),
                Totp.code(secret, Totp.stepAt(clock.instant()) - 1)).orElseThrow();
        var token = tokens.create(person, "demo", Duration.ofDays(365), false);
        var account = new LinkedHashMap<String, Object>();
        account.put("username", person.username());
        account.put("password", password);
        account.put("totpSecret", secret);
        account.put("apiToken", token.secret());
        account.put("recoveryCodes", recovery);
        account.put("displayName", person.displayName());
        account.put("organisation", organisation.name());
        account.put("organisationId", organisation.id().toString());
        account.put("sectors", organisation.sectors());
        account.put("roles", person.roles().stream().map(Enum::name).sorted().toList());
        return account;
    }

    private void write(List<Map<String, Object>> accounts) throws IOException {
        Files.createDirectories(credentialsFile.getParent());
        var document = new LinkedHashMap<String, Object>();
        document.put("note", "Demo accounts only. Each person signs in with the password and a code from totpSecret "
                + "(any RFC 6238 authenticator); machines use apiToken as 'Authorization: Bearer <token>'.");
        document.put("users", accounts);
        Files.writeString(credentialsFile, json.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document));
        try {
            Files.setPosixFilePermissions(credentialsFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the data folder's own protection applies
        }
    }

    private static String randomPassword() {
        var alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var out = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static void shutdown(ExecutorService pool) {
        pool.shutdown();
    }
}
