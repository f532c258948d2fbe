package org.tocsin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** H2's value cache is turned off for the embedded database, and only for it, unless the operator chose. */
class EmbeddedDatabaseSettingsTests {

    private String before;

    @BeforeEach
    void forget() {
        before = System.clearProperty(EmbeddedDatabaseSettings.OBJECT_CACHE);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(EmbeddedDatabaseSettings.OBJECT_CACHE);
        } else {
            System.setProperty(EmbeddedDatabaseSettings.OBJECT_CACHE, before);
        }
    }

    @Test
    void onH2TheValueCacheIsTurnedOff() {
        initialise("jdbc:h2:file:./data/tocsin;AUTO_SERVER=FALSE");
        assertThat(System.getProperty(EmbeddedDatabaseSettings.OBJECT_CACHE)).isEqualTo("false");
    }

    @Test
    void onPostgresqlNothingIsSet() {
        initialise("jdbc:postgresql://db.example/tocsin");
        assertThat(System.getProperty(EmbeddedDatabaseSettings.OBJECT_CACHE)).isNull();
    }

    @Test
    void anOperatorsOwnChoiceStands() {
        System.setProperty(EmbeddedDatabaseSettings.OBJECT_CACHE, "true");
        initialise("jdbc:h2:file:./data/tocsin");
        assertThat(System.getProperty(EmbeddedDatabaseSettings.OBJECT_CACHE)).isEqualTo("true");
    }

    @Test
    void itRunsForEveryApplicationStartedWithSpringBoot() {
        assertThat(SpringFactoriesLoader.loadFactories(ApplicationContextInitializer.class, getClass().getClassLoader()))
                .hasAtLeastOneElementOfType(EmbeddedDatabaseSettings.class);
    }

    private static void initialise(String url) {
        try (var context = new GenericApplicationContext()) {
            context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("test", Map.of("spring.datasource.url", url)));
            new EmbeddedDatabaseSettings().initialize(context);
        }
    }
}
