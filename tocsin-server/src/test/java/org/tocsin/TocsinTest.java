package org.tocsin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole server, really started on a random local port, on its own database (H2 or
 * PostgreSQL, see {@link TestDatabase}), with no demo data. Tests make their own organisations and
 * people through {@link Accounts}, with names of their own, so they can share one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tocsin.demo.enabled=false",
        "tocsin.identity.secret-key=q83vEjRWeJCrze8SNFZ4kKvN7xI0VnhJq83vEjRWeJA=",
        "tocsin.data-dir=target/test-data",
        "tocsin.membership.idle-check-interval=1h"})
@ContextConfiguration(initializers = TestDatabase.class)
public @interface TocsinTest {}
