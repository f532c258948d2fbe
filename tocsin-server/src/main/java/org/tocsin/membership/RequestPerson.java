package org.tocsin.membership;

import java.util.Optional;

import jakarta.servlet.ServletRequest;

/**
 * The caller as the liveness check loaded them at the start of this request, so that the
 * request's later steps need not load them again. Only the server sets it (a request attribute,
 * which no client can send), once per request, after checking that the person and their
 * organisation are active; a request that has none must load the person itself.
 */
public final class RequestPerson {

    private static final String ATTRIBUTE = RequestPerson.class.getName();

    private RequestPerson() {
    }

    /** Records the active person the request is made by. */
    public static void remember(ServletRequest request, Person person) {
        request.setAttribute(ATTRIBUTE, person);
    }

    /** The person loaded for this request, if it was loaded for this username. */
    public static Optional<Person> of(ServletRequest request, String username) {
        return request.getAttribute(ATTRIBUTE) instanceof Person person && person.username().equalsIgnoreCase(username)
                ? Optional.of(person) : Optional.empty();
    }
}
