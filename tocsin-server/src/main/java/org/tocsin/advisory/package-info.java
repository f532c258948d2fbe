/**
 * Advisories, the authority's warnings: written by an author, approved by a second person,
 * published to an audience frozen at publication, read and acknowledged by each recipient, who
 * reports on each recommended action; revised as new versions or withdrawn. The public face is
 * {@link org.tocsin.advisory.Advisories}.
 * Labels are the tocsin-stix library's {@code Tlp}, the one vocabulary of labels.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"membership", "audit", "mail", "cluster", "intel", "leak"})
package org.tocsin.advisory;
