package io.replicheck.server;

import io.replicheck.server.config.ConfigRegistry;
import io.replicheck.server.core.ServerCore;

/**
 * A package that plugs into the server at startup (replication does), found with {@link
 * java.util.ServiceLoader}: list the implementation in {@code
 * META-INF/services/io.replicheck.server.ServerExtension}. Order of calls: {@link #registerConfig}
 * before the configuration is read, {@link #install} once the core exists (before the dataset is
 * loaded and before listening), {@link #started} once listening, {@link #stopping} at shutdown.
 * {@code install} and {@code started} run before any client is served; after that, touch the core
 * only on its thread ({@code core.executor()}).
 */
public interface ServerExtension {
  default void registerConfig(ConfigRegistry registry) {}

  void install(ServerCore core, ServerContext context);

  default void started() {}

  default void stopping() {}
}
