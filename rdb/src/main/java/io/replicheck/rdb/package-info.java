/**
 * RDB version 10 (redis 7.0) reader and writer, with LZF, CRC64 and the listpack, quicklist, intset
 * and ziplist layouts. Pure Java: streams in, streams out, no sockets, no threads.
 */
package io.replicheck.rdb;
