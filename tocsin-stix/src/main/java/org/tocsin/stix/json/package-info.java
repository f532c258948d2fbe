/**
 * STIX JSON: {@link org.tocsin.stix.json.StixJson} for objects and bundles held in memory,
 * {@link org.tocsin.stix.json.BundleReader} and {@link org.tocsin.stix.json.BundleWriter} for
 * bundles of any size, one object at a time, under {@link org.tocsin.stix.json.ReadLimits}.
 * Problems in the input are {@link org.tocsin.stix.json.StixJsonException}s naming the line,
 * column and path.
 */
package org.tocsin.stix.json;
