/**
 * The TAXII 2.1 server (OASIS TAXII 2.1): discovery, one API root, collections, objects with
 * pagination and filters, manifests, versions, add-objects with status resources, and deletion,
 * over the intelligence store. Callers authenticate with personal API tokens (Bearer, or HTTP
 * Basic with username and token); what they may read or write is decided by the store.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"intel", "membership"})
package org.tocsin.taxii;
