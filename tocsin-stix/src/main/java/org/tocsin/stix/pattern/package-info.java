/**
 * The STIX 2.1 patterning language: {@link org.tocsin.stix.pattern.Pattern#parse(String)} reads a
 * pattern into an immutable tree of {@link org.tocsin.stix.pattern.ObservationExpression}s and
 * {@link org.tocsin.stix.pattern.ComparisonExpression}s, and
 * {@link org.tocsin.stix.pattern.Pattern#observables()} gives the simple values it looks for.
 */
package org.tocsin.stix.pattern;
