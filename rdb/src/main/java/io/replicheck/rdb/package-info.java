/**
 * RDB version 10 (redis 7.0) reader and writer, with LZF, CRC64 and the listpack, quicklist,
 * intset, ziplist and zipmap layouts, the DUMP payload, and redis's DEBUG DIGEST of a dataset. Pure
 * Java: streams in, streams out, no sockets, no threads. See docs/rdb.md.
 */
package io.replicheck.rdb;
