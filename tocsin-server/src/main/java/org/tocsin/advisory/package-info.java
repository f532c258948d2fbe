/**
 * Advisories, the authority's warnings: written by an author, approved by a second person,
 * published to an audience frozen at publication, read and acknowledged by each recipient, who
 * reports on each recommended action; revised as new versions or withdrawn. The public face is
 * {@link org.tocsin.advisory.Advisories}.
 *
 * <p>{@code stix} is the tocsin-stix library's package, seen by Spring Modulith as a module of its
 * own: its {@code Tlp} is the one vocabulary of labels.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"membership", "audit", "mail", "cluster", "stix"})
package org.tocsin.advisory;
