package io.replicheck.server.command;

import io.replicheck.server.core.ClientKind;
import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;

/** MONITOR (monitorCommand): the client is shown every command run from now on (Monitors). */
final class MonitorCommand {
  private MonitorCommand() {}

  static void register(CommandTable t) {
    t.register(
        CommandSpec.of("monitor", 1, "admin noscript loading stale", 0, 0, 0, MonitorCommand::run));
  }

  static void run(CommandContext c) {
    if (c.inExec()) {
      c.error("ERR MONITOR isn't allowed for DENY BLOCKING client");
      return;
    }
    // Already a monitor, or a replica: ignored without a reply, as redis does.
    if (c.client().isMonitor() || c.client().kind() == ClientKind.REPLICA) {
      return;
    }
    c.core().monitors().add(c.client());
    c.ok();
  }
}
