/**
 * Benchmarks: the harness itself (how many ops/s it drives, records and checks), and the reference
 * server against redis-server (redis-benchmark, full sync, replica lag).
 */
package io.replicheck.bench;
