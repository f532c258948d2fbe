package org.tocsin.advisory;

import org.springframework.security.access.AccessDeniedException;

/**
 * The four-eyes rule: nobody may approve an advisory they wrote. A denial of access, so wherever it
 * is not answered more precisely it becomes the ordinary audited 403.
 */
class SecondPersonRequired extends AccessDeniedException {

    SecondPersonRequired() {
        super("An advisory must be approved by somebody who did not write it: ask another approver");
    }
}
