package org.tocsin.identity;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;

/** The caller's own identity and personal API tokens. */
@RestController
@RequestMapping("/api/v1")
class MeApi {

    private final Membership membership;
    private final ApiTokens tokens;

    MeApi(Membership membership, ApiTokens tokens) {
        this.membership = membership;
        this.tokens = tokens;
    }

    record OrganisationSummary(UUID id, String name, List<String> sectors) {}

    record Me(String username, String displayName, OrganisationSummary organisation, List<String> roles) {}

    record NewToken(String name, Integer expiresInDays, Boolean readOnly) {}

    record TokenView(UUID id, String name, boolean readOnly, String createdAt, String expiresAt, String revokedAt,
            String lastUsedAt) {

        static TokenView of(ApiTokens.ApiToken t) {
            return new TokenView(t.id(), t.name(), t.readOnly(), String.valueOf(t.createdAt()), String.valueOf(t.expiresAt()),
                    t.revokedAt() == null ? null : t.revokedAt().toString(),
                    t.lastUsedAt() == null ? null : t.lastUsedAt().toString());
        }
    }

    record CreatedToken(TokenView token, String secret) {}

    record Items<T>(List<T> items) {}

    @GetMapping("/me")
    @PreAuthorize("hasAuthority('MEMBER')")
    Me me(Authentication auth) {
        var person = caller(auth);
        var organisation = membership.organisation(person.organisationId()).orElseThrow();
        return new Me(person.username(), person.displayName(),
                new OrganisationSummary(organisation.id(), organisation.name(), organisation.sectors()),
                person.roles().stream().map(Enum::name).sorted().toList());
    }

    @GetMapping("/tokens")
    @PreAuthorize("hasAuthority('MEMBER')")
    Items<TokenView> tokens(Authentication auth) {
        return new Items<>(tokens.tokensOf(caller(auth)).stream().map(TokenView::of).toList());
    }

    @PostMapping("/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('MEMBER') and !hasAuthority('READ_ONLY')")
    CreatedToken createToken(@RequestBody NewToken request, Authentication auth) {
        if (request == null) {
            throw Refusal.invalid("name", "Send a JSON object with name, expiresInDays and readOnly");
        }
        int days = request.expiresInDays() == null ? 90 : request.expiresInDays();
        if (days < 1) {
            throw Refusal.invalid("expiresInDays", "Choose at least 1 day");
        }
        var issued = tokens.create(caller(auth), request.name(), Duration.ofDays(days), Boolean.TRUE.equals(request.readOnly()));
        return new CreatedToken(TokenView.of(issued.token()), issued.secret());
    }

    @DeleteMapping("/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAuthority('MEMBER') and !hasAuthority('READ_ONLY')")
    void revokeToken(@PathVariable UUID id, Authentication auth) {
        tokens.revoke(caller(auth), id);
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
