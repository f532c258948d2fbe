/**
 * The portal's frame: layout, the member's home page, error pages and problem details. It holds no
 * business rules of its own.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"membership"})
package org.tocsin.web;
