/**
 * Toxics as pure logic: their specs (Toxiproxy's types, attributes and defaults) and the stages
 * that apply them to one stream of one connection, driven by an injected {@link
 * io.replicheck.proxy.toxic.Scheduler} so they run without sockets in tests.
 */
package io.replicheck.proxy.toxic;
