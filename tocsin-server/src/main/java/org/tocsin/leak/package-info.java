/**
 * Leak attribution's engine and codeword table: every reader's copy of an advisory's prose is
 * rendered with a codeword of their own spread over variation slots (never over facts), and
 * leaked text is read back and scored against every copy. The public face is
 * {@link org.tocsin.leak.Fingerprints}; {@link org.tocsin.leak.Document} is the engine.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"membership", "identity"})
package org.tocsin.leak;
