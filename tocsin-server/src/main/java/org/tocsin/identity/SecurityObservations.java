package org.tocsin.identity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Turns off Spring Security's own Micrometer observations: with the actuator on the class path it
 * otherwise wraps every filter of the chain, every authorization and every authentication in an
 * observation with its timers, which nothing reads (only the health endpoint is exposed, and
 * nothing exports metrics or traces). They cost about a tenth of the CPU of a TAXII request and a
 * twentieth of its garbage. Spring MVC's {@code http.server.requests} observation stays; the audit
 * trail, not metrics, records who was refused.
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservations {

    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
