/** A plain (JMH-free) benchmark of the RDB writer, reader and digest on a large dataset. */
package io.replicheck.rdb.bench;
