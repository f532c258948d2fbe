package org.tocsin.intel;

/**
 * Who may learn which organisation submitted something (the consent choices of CISA's AIS):
 * nobody but Tocsin itself (the default), the authority, or everybody it is passed on to.
 */
public enum Attribution {
    NONE, AUTHORITY, EVERYONE
}
