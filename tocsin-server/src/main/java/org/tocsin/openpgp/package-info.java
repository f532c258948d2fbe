/**
 * OpenPGP for Tocsin's mail: the service's own signing key (made once, kept in the database under
 * the service's secret, published to members), checks on the public keys people upload, detached
 * signatures and sign-then-encrypt to a person's key. Bouncy Castle does the cryptography. The
 * public face is {@link org.tocsin.openpgp.OpenPgp}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package org.tocsin.openpgp;
