package org.tocsin.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tocsin.Accounts;
import org.tocsin.PortalClient;
import org.tocsin.TocsinTest;
import org.tocsin.membership.Role;

import tools.jackson.databind.ObjectMapper;

/** Browsing, searching and viewing intelligence in the portal, as the collection rules allow, with hostile text escaped. */
@TocsinTest
class IntelPagesTests {

    static final UUID BANKING = UUID.fromString("74ce0c4e-ac35-5534-9d86-f9a96ba4ec84");
    static final String GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    IntelStore store;

    @Autowired
    ObjectMapper json;

    @Test
    void aMemberSearchesTheirSectorAndSeesAnObjectWithItsVersionsAndRelationships() {
        var author = accounts.staff(Role.AUTHOR);
        var collection = store.collection(author.person(), BANKING).orElseThrow();
        var marker = "browse" + UUID.randomUUID().toString().substring(0, 8);
        var indicator = "indicator--" + UUID.randomUUID();
        var malware = "malware--" + UUID.randomUUID();
        store.add(author.person(), collection, List.of(
                object(indicator, "2026-11-01T10:00:00.000Z", "\"name\":\"" + marker + " <script>alert(1)</script>\",\"pattern\":\"[domain-name:value = '" + marker + ".example']\",\"pattern_type\":\"stix\",\"valid_from\":\"2026-11-01T10:00:00Z\""),
                object(indicator, "2026-11-02T10:00:00.000Z", "\"name\":\"" + marker + " v2\",\"pattern\":\"[domain-name:value = '" + marker + ".example']\",\"pattern_type\":\"stix\",\"valid_from\":\"2026-11-01T10:00:00Z\""),
                object(malware, "2026-11-01T10:00:00.000Z", "\"name\":\"Tocsin test malware\",\"is_family\":true"),
                object("relationship--" + UUID.randomUUID(), "2026-11-01T10:00:00.000Z",
                        "\"relationship_type\":\"indicates\",\"source_ref\":\"" + indicator + "\",\"target_ref\":\"" + malware + "\"")));
        var banker = accounts.member(accounts.organisation("banking"), Role.ANALYST);
        var portal = new PortalClient(port);
        portal.signIn(banker);

        var list = portal.get("/intel/collections/" + BANKING + "?q=" + marker);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(marker + " v2").doesNotContain("<script>alert(1)</script>");
        var page = portal.get("/intel/collections/" + BANKING + "/objects/" + indicator);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("2026-11-01T10:00:00.000Z", "2026-11-02T10:00:00.000Z", "indicates", malware);
        assertThat(portal.get("/intel/collections/" + BANKING + "?q=" + "%25_%5C").status()).isEqualTo(200);
    }

    @Test
    void anotherSectorsCollectionIsNotFound() {
        var lawyer = accounts.member(accounts.organisation("legal"), Role.SECURITY_LEAD);
        var portal = new PortalClient(port);
        portal.signIn(lawyer);

        assertThat(portal.get("/intel/collections/" + BANKING).status()).isEqualTo(404);
        assertThat(portal.get("/intel/collections/" + BANKING + "/objects/indicator--" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(portal.get("/intel").body()).doesNotContain("Banking and finance");
    }

    private tools.jackson.databind.JsonNode object(String id, String modified, String rest) {
        var type = id.substring(0, id.indexOf("--"));
        return json.readTree("""
                {"type":"%s","spec_version":"2.1","id":"%s","created":"2026-11-01T10:00:00.000Z","modified":"%s",
                 "object_marking_refs":["%s"],%s}""".formatted(type, id, modified, GREEN, rest));
    }
}
