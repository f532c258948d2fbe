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
 * secret, recovery codes and an API token, all through the ordinary services.
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
    private final Credentials credentials;
    private final ApiTokens tokens;
    private final Clock clock;
    private final ObjectMapper json;
    private final Path credentialsFile;
    private final int perCoreSector;
    private final int perOtherSector;

    DemoData(Membership membership, Credentials credentials, ApiTokens tokens, Clock clock, ObjectMapper json,
            @Value("${tocsin.data-dir:./data}") Path dataDir,
            @Value("${tocsin.demo.organisations-per-core-sector:100}") int perCoreSector,
            @Value("${tocsin.demo.organisations-per-other-sector:10}") int perOtherSector) {
        this.membership = membership;
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
        try {
            var work = new ArrayList<Future<?>>();
            for (var staff : List.of(
                    List.of("author", "Alex Author", Role.AUTHOR), List.of("approver", "Pat Approver", Role.APPROVER),
                    List.of("admin", "Sam Administrator", Role.ADMIN), List.of("auditor", "Robin Auditor", Role.AUDITOR))) {
                var person = membership.addPerson(authority.id(), staff.get(0) + "@cpni.example",
                        (String) staff.get(1), Set.of((Role) staff.get(2)));
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
        accounts.sort((a, b) -> String.valueOf(a.get("username")).compareTo(String.valueOf(b.get("username"))));
        write(accounts);
        log.info("Demo data seeded in {} s: {} accounts; credentials in {}", (System.nanoTime() - started) / 1_000_000_000,
                accounts.size(), credentialsFile.toAbsolutePath());
    }

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
