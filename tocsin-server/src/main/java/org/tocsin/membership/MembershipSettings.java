package org.tocsin.membership;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param idleSuspension accounts unused for longer than this are suspended
 * @param invitationValidity how long an invitation link works
 * @param baseUrl the address people reach the portal at, used in links sent by e-mail
 */
@ConfigurationProperties("tocsin.membership")
public record MembershipSettings(@DefaultValue("180d") Duration idleSuspension,
        @DefaultValue("7d") Duration invitationValidity,
        @DefaultValue("http://localhost:8080") String baseUrl) {}
