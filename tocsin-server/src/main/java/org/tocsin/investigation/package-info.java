/**
 * Leak investigations for the authority's auditors: leaked material in (pasted text, a text file
 * or a PDF), the advisory and version it came from found, and its recipients ranked by how well
 * their fingerprinted copies fit, each with the probability of a false match. A list for people
 * to weigh, never a verdict; every investigation is audited. The public face is
 * {@link org.tocsin.investigation.Investigations}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"advisory", "leak", "membership", "audit"})
package org.tocsin.investigation;
