package org.tocsin.membership;

/** A sector of critical national infrastructure, identified by its slug (for example {@code banking}). */
public record Sector(String slug, String name) {}
