/**
 * Coordination between server instances that share one database: scheduled work runs on one
 * instance at a time by taking a lease in the database ({@link org.tocsin.cluster.ClusterLock}).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package org.tocsin.cluster;
