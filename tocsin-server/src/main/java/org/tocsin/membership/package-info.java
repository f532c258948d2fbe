/**
 * Vetted membership: sectors, organisations (applied, approved with a sponsor, suspended,
 * reinstated), the people of each organisation and their roles, and invitations. The public face is
 * {@link org.tocsin.membership.Membership}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"audit", "mail", "cluster", "openpgp"})
package org.tocsin.membership;
