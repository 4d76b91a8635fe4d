package io.replicheck.server.replication;

import io.replicheck.server.ServerContext;
import io.replicheck.server.ServerExtension;
import io.replicheck.server.config.ConfigRegistry;
import io.replicheck.server.core.InfoRegistry;
import io.replicheck.server.core.ServerCore;

/**
 * Plugs replication into the reference server (found by {@link java.util.ServiceLoader}): its
 * config directives, commands, propagation, cron, INFO replication, and the replicaof directive
 * applied once the server listens.
 */
public final class ReplicationExtension implements ServerExtension {
  private final ReplicationSettings settings = new ReplicationSettings();
  private final BugSwitch bugs = new BugSwitch();
  private final ReplicationConfig config = new ReplicationConfig(settings, bugs);
  private ReplicationNode node;

  @Override
  public void registerConfig(ConfigRegistry registry) {
    config.register(registry);
  }

  @Override
  public void install(ServerCore core, ServerContext context) {
    node = new ReplicationNode(core, context, settings, bugs);
    config.attach(node.master());
    config.attach(core.pubSub());
    config.attach(node.link());
    // a node given replicaof is a replica from the start, as redis's masterhost is set from the
    // configuration before the dataset loads: keys whose time to live ended while it was down are
    // kept (only its master may expire them)
    if (config.startupMasterHost != null && !bugs.isOn(InjectedBug.EXPIRE_AT_REPLICA_LOAD))
      core.setReplica(true);
    ReplicationCommands.register(node);
    core.propagation().addPropagator(node::propagate);
    core.addCronHook(node::cron);
    core.info()
        .put(
            "replication",
            new InfoRegistry.Section("Replication", true, sb -> ReplicationInfo.info(sb, node)));
    core.setReplicaNewlineHandler(c -> node.master().newline(c.id()));
    core.setCommandGate(
        (client, spec) ->
            node.gate(
                client, spec.isWrite(), spec.has(io.replicheck.server.core.CommandFlag.STALE)));
    bugs.active()
        .ifPresent(
            b ->
                context
                    .log()
                    .warning(
                        "Injected replication bug ON: "
                            + b.configName()
                            + " ("
                            + b.summary()
                            + ")"));
  }

  @Override
  public void started() {
    if (config.startupMasterHost != null) {
      node.core()
          .executor()
          .execute(
              () -> node.replicaOfAtStartup(config.startupMasterHost, config.startupMasterPort));
    } else {
      node.core().executor().execute(node::masterAtStartup);
    }
  }

  @Override
  public void stopping() {
    if (node != null) {
      node.shutdown();
    }
  }

  /** The running node, for tests. */
  public ReplicationNode node() {
    return node;
  }
}
