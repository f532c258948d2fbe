package org.tocsin;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Settings of the embedded H2 database that cannot be given in its URL (the URL's own are in
 * {@code application.properties}). Registered in {@code META-INF/spring.factories}, so it runs
 * before any bean is made, however the application is started.
 *
 * <p>H2 keeps a JVM-wide cache of the values it reads, found by their hash: every string read
 * from the file is hashed and compared with what the cache holds. Stored STIX objects are unique
 * texts of hundreds of characters, so the cache never hits and the hashing was a fifth of the
 * work of reading a TAXII page (ADR 13). It is turned off unless the operator set
 * {@code -Dh2.objectCache} themselves. It must be set before H2's classes are loaded, which is
 * why it is not a Spring property.
 */
class EmbeddedDatabaseSettings implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String OBJECT_CACHE = "h2.objectCache";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var url = context.getEnvironment().getProperty("spring.datasource.url", "");
        if (url.startsWith("jdbc:h2:") && System.getProperty(OBJECT_CACHE) == null) {
            System.setProperty(OBJECT_CACHE, "false");
        }
    }
}
