package io.replicheck.server;

import io.netty.channel.EventLoopGroup;
import io.replicheck.server.persist.RdbPersistence;

/**
 * What an extension gets besides the core: the event loop the core runs on (for outgoing
 * connections on the same thread), the log, and RDB persistence (snapshot writing and loading).
 */
public record ServerContext(EventLoopGroup eventLoop, ServerLog log, RdbPersistence persistence) {}
