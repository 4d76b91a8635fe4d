/**
 * RDB persistence wired to the core: SAVE, BGSAVE from a copy-on-write snapshot on a background
 * thread, save points, loading at startup into a fresh keyspace that is swapped in only when the
 * whole file was read.
 */
package io.replicheck.server.persist;
