/**
 * The single-threaded command core, without I/O: the keyspace (numbered dbs of strings, lists,
 * hashes and sets with redis's encodings, copy-on-write snapshots), the command table, command
 * execution with MULTI/EXEC/WATCH, blocking and CLIENT PAUSE, lazy and active expiry, propagation
 * of applied writes, and pub/sub. Time comes from an injected {@link
 * io.replicheck.server.core.Clock}.
 */
package io.replicheck.server.core;
