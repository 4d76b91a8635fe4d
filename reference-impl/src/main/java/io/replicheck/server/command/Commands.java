package io.replicheck.server.command;

import io.replicheck.server.core.ServerCore;

/** Registers every command of the core and its INFO sections. */
public final class Commands {
  private Commands() {}

  /** Returns the server's scripting (EVAL, FUNCTION), for wiring its log. */
  public static io.replicheck.server.script.Scripting registerAll(ServerCore core) {
    var t = core.commands();
    StringCommands.register(t);
    LcsCommand.register(t);
    MonitorCommand.register(t);
    KeyCommands.register(t);
    ConnectionCommands.register(t);
    ClientCommand.register(t);
    AclCommands.register(t); // after ConnectionCommands: it wraps AUTH to log failures
    ServerCommands.register(t);
    ListCommands.register(t);
    HashCommands.register(t);
    SetCommands.register(t);
    ZSetCommands.register(t);
    ZSetRangeCommands.register(t);
    ZSetAlgebraCommands.register(t);
    PubSubCommands.register(t);
    BitmapCommands.register(t);
    HyperLogLogCommands.register(t);
    DumpRestoreCommands.register(t);
    MigrateCommand.register(t);
    StreamCommands.register(t);
    MemoryCommands.register(t);
    SortCommand.register(t);
    DiagnosticCommands.register(t);
    GeoCommands.register(t);
    io.replicheck.server.script.Scripting scripting =
        io.replicheck.server.script.Scripting.attach(core);
    ScriptCommands.register(t, scripting);
    FunctionCommands.register(t, scripting);
    InfoSections.register(core, scripting);
    return scripting;
  }
}
