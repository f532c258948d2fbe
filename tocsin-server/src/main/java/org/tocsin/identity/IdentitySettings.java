package org.tocsin.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param secretKey base64 of 32 random bytes that encrypts second-factor secrets at rest; in the
 *     default (demo) mode one is generated into the data folder when none is given, in production
 *     it must be set
 * @param lockoutThreshold failed sign-in steps in a row after which an account is locked
 * @param lockoutDuration how long the lock lasts
 * @param absoluteSessionTimeout a session ends this long after sign-in, however busy
 * @param secondFactorTimeout how long someone may take between password and second factor
 * @param maxTokenValidity the longest life a personal API token may be given
 * @param issuer the name authenticator apps show for Tocsin accounts
 */
@ConfigurationProperties("tocsin.identity")
public record IdentitySettings(String secretKey,
        @DefaultValue("5") int lockoutThreshold,
        @DefaultValue("15m") Duration lockoutDuration,
        @DefaultValue("12h") Duration absoluteSessionTimeout,
        @DefaultValue("10m") Duration secondFactorTimeout,
        @DefaultValue("365d") Duration maxTokenValidity,
        @DefaultValue("Tocsin") String issuer) {}
