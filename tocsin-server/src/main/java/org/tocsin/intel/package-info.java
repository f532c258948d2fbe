/**
 * Threat intelligence: the store of STIX 2.1 objects (every version, with the server's
 * {@code date_added}, who submitted it, its TLP label) organised in collections — one for all
 * members, one per sector, one private collection per organisation, and the submissions to the
 * authority — and the rules of who may read and write each. TLP is enforced here: TLP:RED is
 * never stored for sharing, TLP:AMBER+STRICT is served only to the organisation that owns it, an
 * object without a TLP marking is refused unless its collection sets a default. The STIX/TAXII
 * layer is identical for every reader who may see it.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"membership", "audit"})
package org.tocsin.intel;
