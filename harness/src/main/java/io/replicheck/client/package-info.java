/**
 * Small blocking RESP client the harness uses for administration: INFO, DEBUG DIGEST, REPLICAOF.
 */
package io.replicheck.client;
