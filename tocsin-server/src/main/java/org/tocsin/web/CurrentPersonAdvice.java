package org.tocsin.web;

import java.util.Set;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every page what the header needs: who is signed in and which of their roles it shows links for. */
@ControllerAdvice(annotations = Controller.class)
class CurrentPersonAdvice {

    record Viewer(String username, Set<String> authorities) {

        public boolean has(String authority) {
            return authorities.contains(authority);
        }
    }

    @ModelAttribute("viewer")
    Viewer viewer() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()) {
            return null;
        }
        var authorities = auth.getAuthorities().stream().map(a -> a.getAuthority())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        return authorities.contains("MEMBER") ? new Viewer(auth.getName(), authorities) : null;
    }
}
