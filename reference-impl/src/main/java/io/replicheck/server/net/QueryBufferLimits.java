package io.replicheck.server.net;

import io.netty.buffer.ByteBuf;
import io.replicheck.server.ServerLog;
import io.replicheck.server.command.ClientCommand;
import io.replicheck.server.core.ClientKind;
import io.replicheck.server.core.ServerCore;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The bounds on what clients may send before their requests are executed, checked before a read is
 * appended to a client's buffer (so an over-limit read never grows the heap):
 *
 * <ul>
 *   <li>{@code client-query-buffer-limit}: one client's pending request (unparsed bytes plus the
 *       parsed arguments of the request being read). Over it the client is closed with redis's
 *       warning "Closing client that reached max query buffer length"; redis sends no reply.
 *   <li>{@code maxmemory-clients} (0 = no limit): the pending requests of all normal clients
 *       together. Over it, clients are evicted (closed, no reply, logged "Evicting client" at
 *       verbose, counted in {@code evicted_clients}) largest first until the total fits, as redis
 *       7.0's client eviction; replicas are never evicted.
 * </ul>
 *
 * <p>Runs on the core's thread, like every handler.
 */
final class QueryBufferLimits {
  private final ServerCore core;
  private final ServerLog log;
  private final Set<ClientHandler> handlers = new LinkedHashSet<>();
  private long total;

  QueryBufferLimits(ServerCore core, ServerLog log) {
    this.core = core;
    this.log = log;
  }

  void add(ClientHandler h) {
    handlers.add(h);
  }

  void remove(ClientHandler h) {
    if (handlers.remove(h)) {
      total -= h.accountedBytes();
      core.stats().memClientsNormal = total;
    }
  }

  /** The handler's pending request changed size (it reports its new size). */
  void resized(ClientHandler h, long before, long after) {
    if (handlers.contains(h)) {
      total += after - before;
      core.stats().memClientsNormal = total;
    }
  }

  /** The total of all clients' pending requests, as accounted. */
  long total() {
    return total;
  }

  /**
   * Decides whether {@code incoming} more bytes may join h's pending request: false when that would
   * pass client-query-buffer-limit (h is then closed), or when evicting other clients cannot bring
   * the total under maxmemory-clients (h is then evicted).
   */
  boolean admit(ClientHandler h, ByteBuf incoming) {
    long pending = h.accountedBytes() + incoming.readableBytes();
    long limit = Math.min(core.config().clientQueryBufferLimit, Integer.MAX_VALUE - 8L);
    if (h.client().kind() != ClientKind.MASTER && pending > limit) {
      log.warning(
          "Closing client that reached max query buffer length: "
              + ClientCommand.describe(core, h.client())
              + " (qbuf initial bytes: "
              + h.initialBytes(incoming)
              + ")");
      h.abort();
      return false;
    }
    long max = core.config().maxmemoryClients;
    if (max <= 0) {
      return true;
    }
    while (total + incoming.readableBytes() > max) {
      ClientHandler victim = largest(h, incoming.readableBytes());
      if (victim == null) {
        return true; // only replicas hold what is left: they are never evicted
      }
      log.verbose("Evicting client: " + ClientCommand.describe(core, victim.client()));
      core.stats().evictedClients++;
      victim.abort();
      if (victim == h) {
        return false;
      }
    }
    return true;
  }

  /** The evictable client holding the most, counting the reader's incoming bytes as its own. */
  private ClientHandler largest(ClientHandler reader, int incoming) {
    ClientHandler best = null;
    long most = 0;
    for (ClientHandler c : handlers) {
      if (c.client() == null || c.client().kind() != ClientKind.NORMAL) {
        continue;
      }
      long held = c.accountedBytes() + (c == reader ? incoming : 0);
      if (held > most) {
        most = held;
        best = c;
      }
    }
    return best;
  }
}
