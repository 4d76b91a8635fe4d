/**
 * Netty I/O at the edge: one event loop thread accepts connections, reads requests into the {@link
 * io.replicheck.server.resp.RespParser}, runs them on the {@link
 * io.replicheck.server.core.ServerCore} (on that same thread) and flushes replies once per read
 * batch.
 */
package io.replicheck.server.net;
