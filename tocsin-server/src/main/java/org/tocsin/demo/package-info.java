/**
 * Demo data for the default (embedded) mode: the 2007 scenario, seeded through the same services
 * as real data on the first start of an empty database, with every demo account's credentials
 * written to {@code data/demo-credentials.json}. Never active in production.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"membership", "identity", "advisory"})
package org.tocsin.demo;
