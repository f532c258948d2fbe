package org.tocsin;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Tocsin: the secure warning and intelligence-sharing service between a national authority and the
 * vetted organisations of critical national infrastructure. Each top-level package below this one
 * is a business module; {@code ModularityTests} verifies the dependencies they declare.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TocsinApplication {

    public static void main(String[] args) {
        SpringApplication.run(TocsinApplication.class, args);
    }

    /** All logic takes time from this clock, never from {@code now()}, so tests can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
