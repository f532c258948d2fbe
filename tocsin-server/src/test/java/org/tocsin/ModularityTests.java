package org.tocsin;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Each business module depends only on the modules it declares, and only on their public faces.
 * The tocsin-stix library shares the {@code org.tocsin} prefix but is a library, not a module of
 * the server: any module may use it.
 */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(TocsinApplication.class,
            resideInAPackage("org.tocsin.stix.."));

    @Test
    void modulesKeepToTheirDeclaredDependencies() {
        MODULES.verify();
    }
}
