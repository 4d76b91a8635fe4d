package io.replicheck.server.command;

import io.replicheck.server.core.ServerCore;

/** Registers every command of the core and its INFO sections. */
public final class Commands {
  private Commands() {}

  public static void registerAll(ServerCore core) {
    var t = core.commands();
    StringCommands.register(t);
    KeyCommands.register(t);
    ConnectionCommands.register(t);
    ClientCommand.register(t);
    ServerCommands.register(t);
    ListCommands.register(t);
    HashCommands.register(t);
    SetCommands.register(t);
    ZSetCommands.register(t);
    ZSetRangeCommands.register(t);
    ZSetAlgebraCommands.register(t);
    InfoSections.register(core);
  }
}
