/**
 * Test support shared by the modules' tests, and by nothing else: a redis-server (or any
 * redis-compatible binary) child process on a free 127.0.0.1 port ({@link
 * io.replicheck.testkit.RedisServerProcess}), a real Redis Sentinel with a generated sentinel.conf
 * ({@link io.replicheck.testkit.SentinelProcess}), a minimal blocking RESP2 client ({@link
 * io.replicheck.testkit.RespClient}), and finding redis's tools on PATH at version 7.0.x ({@link
 * io.replicheck.testkit.Tools}).
 *
 * <p>Internal: the modules use it with test scope only; it is not in the BOM and is not an API for
 * users (they start clusters with the harness's {@code io.replicheck.junit} extension). It depends
 * on the JDK alone, so that any module's tests can use it; failures are {@link AssertionError}s
 * that say what to install or what the server logged.
 */
package io.replicheck.testkit;
