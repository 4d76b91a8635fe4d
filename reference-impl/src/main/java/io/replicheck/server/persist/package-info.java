/**
 * Persistence wired to the core. RDB: SAVE, BGSAVE from a copy-on-write snapshot on a background
 * thread, save points, loading at startup into a fresh keyspace that is swapped in only when the
 * whole file was read. AOF: redis 7.0's multi-part append only file (manifest, base and incremental
 * files) fed from the propagation stream, BGREWRITEAOF from a snapshot, loading at startup.
 */
package io.replicheck.server.persist;
