/** Benchmarks of the harness itself: how many ops/s it drives, records and checks. */
package io.replicheck.bench;
