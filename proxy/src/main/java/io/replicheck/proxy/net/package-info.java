/**
 * The TCP side, on Netty: one listener per proxy, each accepted connection dialling the upstream,
 * its two streams passed through {@link io.replicheck.proxy.toxic.Link}s on the connection's event
 * loop, with backpressure (a stream stops reading while its toxics hold too much).
 */
package io.replicheck.proxy.net;
