/**
 * Measures what the chaos proxy costs without toxics: redis-benchmark throughput and ping-pong
 * latency, direct vs proxied.
 */
package io.replicheck.proxy.bench;
