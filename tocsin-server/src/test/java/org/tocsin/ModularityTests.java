package org.tocsin;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Each business module depends only on the modules it declares, and only on their public faces. */
class ModularityTests {

    @Test
    void modulesKeepToTheirDeclaredDependencies() {
        ApplicationModules.of(TocsinApplication.class).verify();
    }
}
