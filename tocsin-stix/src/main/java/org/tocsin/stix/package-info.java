/**
 * STIX 2.1 for Tocsin: objects, markings and validation, with no dependency but Jackson.
 *
 * <p>{@link org.tocsin.stix.StixObject} holds any STIX object as its full JSON with typed access
 * to the common properties; {@link org.tocsin.stix.StixType} names the types Tocsin knows;
 * {@link org.tocsin.stix.Tlp} is the TLP 2.0 label with its OASIS marking definition;
 * {@link org.tocsin.stix.Validation} reports every {@link org.tocsin.stix.Problem} of an object or
 * bundle. Reading and writing JSON is in {@link org.tocsin.stix.json}, the patterning language in
 * {@link org.tocsin.stix.pattern}.
 */
package org.tocsin.stix;
