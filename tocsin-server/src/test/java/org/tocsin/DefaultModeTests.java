package org.tocsin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tocsin.intel.Attribution;
import org.tocsin.intel.IntelStore;
import org.tocsin.membership.Role;
import org.tocsin.stix.Tlp;
import org.tocsin.stix.json.BundleReader;

/**
 * The server as {@code java -jar} runs it without a profile: on an H2 file in its data folder,
 * opened with the settings of {@code application.properties} (ADR 13), where a member's TAXII page
 * carries an object's JSON byte for byte, and the portal's search finds it by a word that is not
 * ASCII. The other tests use in-memory databases, so this is the one that opens the default URL.
 */
@Tag("h2-only")
class DefaultModeTests {

    private static final String BANKING = "74ce0c4e-ac35-5534-9d86-f9a96ba4ec84";

    @Test
    void theDefaultModeKeepsItsDatabaseInItsDataFolderAndServesWhatItStores() throws Exception {
        Path dataDir = Files.createDirectories(Path.of("target", "default-mode-" + UUID.randomUUID())).toAbsolutePath();
        try (var context = new SpringApplicationBuilder(TocsinApplication.class).run(
                "--server.port=0", "--tocsin.demo.enabled=false", "--tocsin.data-dir=" + dataDir,
                "--tocsin.identity.secret-key=q83vEjRWeJCrze8SNFZ4kKvN7xI0VnhJq83vEjRWeJA=",
                "--tocsin.membership.idle-check-interval=1h")) {
            assertThat(dataDir.resolve("tocsin.mv.db")).exists();
            var jdbc = JdbcClient.create(context.getBean(javax.sql.DataSource.class));
            assertThat(jdbc.sql("""
                    SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS
                    WHERE SETTING_NAME IN ('info.PAGE_SIZE', 'CACHE_SIZE') ORDER BY SETTING_NAME""")
                    .query(String.class).list()).as("cache, then page size").containsExactly("4096", "65536");

            var accounts = context.getBean(Accounts.class);
            var store = context.getBean(IntelStore.class);
            var author = accounts.staff(Role.AUTHOR);
            var reader = accounts.member(accounts.organisation("banking"), Role.SECURITY_LEAD);
            var id = "indicator--" + UUID.randomUUID();
            var object = """
                    {"type":"indicator","spec_version":"2.1","id":"%s","created":"2026-11-01T10:00:00.000Z",\
                    "modified":"2026-11-01T10:00:00.000Z","name":"Phishing aimed at Zürich’s payments desk",\
                    "pattern":"[domain-name:value = 'zahlung-prüfen.example']","pattern_type":"stix",\
                    "valid_from":"2026-11-01T10:00:00Z"}""".formatted(id);
            var bundle = "{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[" + object + "]}";
            var collection = store.collection(author.person(), UUID.fromString(BANKING)).orElseThrow();
            try (var objects = BundleReader.open(new ByteArrayInputStream(bundle.getBytes(StandardCharsets.UTF_8)))) {
                assertThat(store.addAll(author.person(), collection, objects, Attribution.EVERYONE, Tlp.GREEN).stored()).isTrue();
            }

            int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            var page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/taxii2/tocsin/collections/" + BANKING + "/objects/?match%5Bid%5D=" + id))
                    .header("Authorization", "Bearer " + reader.token())
                    .header("Accept", "application/taxii+json;version=2.1").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            assertThat(page.body()).contains("Zürich’s payments desk", "zahlung-prüfen.example", "\"id\":\"" + id + "\"");

            var readerCollection = store.collection(reader.person(), UUID.fromString(BANKING)).orElseThrow();
            assertThat(store.search(reader.person(), readerCollection, "ZÜRICH’S", 10))
                    .extracting(o -> o.id()).containsExactly(id);
        }
    }
}
