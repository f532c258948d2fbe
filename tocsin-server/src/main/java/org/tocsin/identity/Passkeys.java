package org.tocsin.identity;

import java.io.Serializable;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;

import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialDescriptor;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.api.AuthenticatorAttestationResponse;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutableRelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import org.springframework.stereotype.Component;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passkeys (WebAuthn) as an alternative second factor, on Spring Security's relying-party
 * operations and JDBC repositories. A signed-in person registers a passkey; at the next sign-in,
 * after the password, they may answer with it instead of an authenticator code. The challenge of
 * each ceremony is kept in the person's session, so an answer is bound to that session and that
 * ceremony, and the passkey must belong to the person who gave the password.
 */
@Component
class Passkeys {

    private static final String CREATION = "tocsin.passkey.creation";
    private static final String REQUEST = "tocsin.passkey.request";

    private final PublicKeyCredentialRpEntity rp;
    private final Webauthn4JRelyingPartyOperations relyingParty;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final JsonMapper json = JsonMapper.builder().addModule(new WebauthnJacksonModule()).build();

    Passkeys(JdbcTemplate jdbcTemplate, JdbcClient jdbc, AuditTrail audit,
            @Value("${tocsin.membership.base-url}") String baseUrl,
            @Value("${tocsin.identity.passkey-origins:}") List<String> extraOrigins) {
        this.jdbc = jdbc;
        this.audit = audit;
        var origins = new LinkedHashSet<String>();
        origins.add(origin(baseUrl));
        extraOrigins.stream().filter(o -> !o.isBlank()).map(Passkeys::origin).forEach(origins::add);
        this.rp = PublicKeyCredentialRpEntity.builder().id(URI.create(baseUrl).getHost()).name("Tocsin").build();
        this.relyingParty = new Webauthn4JRelyingPartyOperations(new JdbcPublicKeyCredentialUserEntityRepository(jdbcTemplate),
                new JdbcUserCredentialRepository(jdbcTemplate), rp, origins);
    }

    /** A registered passkey as its owner sees it. */
    record Passkey(String id, String label, OffsetDateTime created, OffsetDateTime lastUsed) {}

    List<Passkey> of(Person person) {
        return jdbc.sql("""
                SELECT c.credential_id, c.label, c.created, c.last_used FROM user_credentials c
                JOIN user_entities u ON u.id = c.user_entity_user_id WHERE u.name = :name ORDER BY c.created""")
                .param("name", person.username())
                .query((rs, n) -> new Passkey(rs.getString(1), rs.getString(2), at(rs.getTimestamp(3)), at(rs.getTimestamp(4))))
                .list();
    }

    String registrationOptions(Authentication person, HttpSession session) {
        PublicKeyCredentialCreationOptions options = relyingParty
                .createPublicKeyCredentialCreationOptions(new ImmutablePublicKeyCredentialCreationOptionsRequest(person));
        session.setAttribute(CREATION, Registration.of(options));
        return json.writeValueAsString(options);
    }

    /** Verifies the authenticator's answer to this session's registration challenge and stores the passkey. */
    void register(Person person, HttpSession session, String body) {
        if (!(session.getAttribute(CREATION) instanceof Registration stored)) {
            throw Refusal.conflict("Start adding the passkey again");
        }
        session.removeAttribute(CREATION);
        var options = stored.options(rp);
        String label;
        PublicKeyCredential<AuthenticatorAttestationResponse> credential;
        try {
            var tree = json.readTree(body);
            label = tree.path("publicKey").path("label").asString("").strip();
            credential = json.convertValue(tree.path("publicKey").path("credential"),
                    new TypeReference<PublicKeyCredential<AuthenticatorAttestationResponse>>() {});
        } catch (JacksonException | IllegalArgumentException e) {
            throw Refusal.invalid("credential", "The passkey's answer could not be read");
        }
        if (label.isEmpty() || label.length() > 100) {
            throw Refusal.invalid("label", "Name the passkey (at most 100 characters), for example the device it is on");
        }
        try {
            relyingParty.registerCredential(new ImmutableRelyingPartyRegistrationRequest(options,
                    new RelyingPartyPublicKey(credential, label)));
        } catch (RuntimeException e) {
            throw Refusal.invalid("credential", "The passkey could not be verified");
        }
        audit.record(person.username(), "second-factor.enrolled", "person:" + person.username(), Outcome.SUCCESS,
                "passkey '" + label + "'");
    }

    void remove(Person person, String credentialId) {
        int removed = jdbc.sql("""
                DELETE FROM user_credentials WHERE credential_id = :id AND user_entity_user_id IN
                    (SELECT id FROM user_entities WHERE name = :name)""")
                .param("id", credentialId).param("name", person.username()).update();
        if (removed != 1) {
            throw Refusal.notFound("Passkey");
        }
        audit.record(person.username(), "second-factor.removed", "person:" + person.username(), Outcome.SUCCESS, "passkey");
    }

    String authenticationOptions(Authentication pending, HttpSession session) {
        PublicKeyCredentialRequestOptions options = relyingParty
                .createCredentialRequestOptions(new ImmutablePublicKeyCredentialRequestOptionsRequest(pending));
        session.setAttribute(REQUEST, Assertion.of(options));
        return json.writeValueAsString(options);
    }

    /**
     * Verifies the answer to this session's sign-in challenge.
     *
     * @return whether it is a valid assertion by a passkey of {@code username}
     */
    boolean verify(String username, HttpSession session, String body) {
        if (!(session.getAttribute(REQUEST) instanceof Assertion stored)) {
            return false;
        }
        session.removeAttribute(REQUEST);
        try {
            var options = stored.options();
            PublicKeyCredential<AuthenticatorAssertionResponse> credential = json.readValue(body,
                    new TypeReference<PublicKeyCredential<AuthenticatorAssertionResponse>>() {});
            var user = relyingParty.authenticate(new RelyingPartyAuthenticationRequest(options, credential));
            return user != null && username.equals(user.getName());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * What a registration ceremony is checked against, kept in the session between its two calls.
     * Sessions live in the database and Spring's options objects are not serialisable, so only the
     * parts the verification uses are kept, and the options are rebuilt from them.
     */
    record Registration(Bytes challenge, PublicKeyCredentialUserEntity user, UserVerificationRequirement userVerification,
            List<Long> algorithms) implements Serializable {

        static Registration of(PublicKeyCredentialCreationOptions options) {
            return new Registration(options.getChallenge(), options.getUser(),
                    options.getAuthenticatorSelection().getUserVerification(),
                    options.getPubKeyCredParams().stream().map(p -> p.getAlg().getValue()).toList());
        }

        PublicKeyCredentialCreationOptions options(PublicKeyCredentialRpEntity rp) {
            var known = List.of(PublicKeyCredentialParameters.EdDSA, PublicKeyCredentialParameters.ES256,
                    PublicKeyCredentialParameters.ES384, PublicKeyCredentialParameters.ES512,
                    PublicKeyCredentialParameters.RS256, PublicKeyCredentialParameters.RS384,
                    PublicKeyCredentialParameters.RS512, PublicKeyCredentialParameters.RS1);
            return PublicKeyCredentialCreationOptions.builder().rp(rp).user(user).challenge(challenge)
                    .pubKeyCredParams(known.stream().filter(p -> algorithms.contains(p.getAlg().getValue())).toList())
                    .authenticatorSelection(AuthenticatorSelectionCriteria.builder().userVerification(userVerification).build())
                    .build();
        }
    }

    /** What a sign-in ceremony is checked against, kept in the session for the same reason. */
    record Assertion(Bytes challenge, String rpId, UserVerificationRequirement userVerification,
            List<PublicKeyCredentialDescriptor> allowCredentials) implements Serializable {

        static Assertion of(PublicKeyCredentialRequestOptions options) {
            return new Assertion(options.getChallenge(), options.getRpId(), options.getUserVerification(),
                    List.copyOf(options.getAllowCredentials()));
        }

        PublicKeyCredentialRequestOptions options() {
            return PublicKeyCredentialRequestOptions.builder().challenge(challenge).rpId(rpId)
                    .userVerification(userVerification).allowCredentials(allowCredentials).build();
        }
    }

    private static String origin(String url) {
        var uri = URI.create(url.strip());
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static OffsetDateTime at(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant().atOffset(java.time.ZoneOffset.UTC);
    }
}
