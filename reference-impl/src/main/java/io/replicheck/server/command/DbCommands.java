package io.replicheck.server.command;

import static io.replicheck.server.command.Args.b;
import static io.replicheck.server.command.Args.eq;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.Numbers;

/**
 * Commands on whole databases (db.c): SELECT, SWAPDB, FLUSHDB, FLUSHALL. Registered with the key
 * commands in {@link KeyCommands}.
 */
final class DbCommands {
  private DbCommands() {}

  /** A db index argument, or null after replying an error (not a number, out of range). */
  static Integer dbIndex(CommandContext c, byte[] arg) {
    Long v = Numbers.parseLong(arg);
    if (v == null) {
      c.notInteger();
      return null;
    }
    if (v < 0 || v >= c.core().keyspace().count()) {
      c.error("ERR DB index is out of range");
      return null;
    }
    return v.intValue();
  }

  static void select(CommandContext c) {
    Integer db = dbIndex(c, c.arg(1));
    if (db == null) {
      return;
    }
    c.client().selectDb(db);
    c.ok();
  }

  static void swapdb(CommandContext c) {
    Long a = Numbers.parseLong(c.arg(1));
    if (a == null) {
      c.error("ERR invalid first DB index");
      return;
    }
    Long b = Numbers.parseLong(c.arg(2));
    if (b == null) {
      c.error("ERR invalid second DB index");
      return;
    }
    int n = c.core().keyspace().count();
    if (a < 0 || a >= n || b < 0 || b >= n) {
      c.error("ERR DB index is out of range");
      return;
    }
    if (!a.equals(b)) {
      c.core().swapDb(a.intValue(), b.intValue());
    }
    c.dirty(1);
    c.ok();
  }

  private static boolean flushArgs(CommandContext c) {
    if (c.argc() > 2) {
      c.syntaxError();
      return false;
    }
    if (c.argc() == 2 && !eq(c.arg(1), "sync") && !eq(c.arg(1), "async")) {
      c.syntaxError();
      return false;
    }
    return true;
  }

  static void flushdb(CommandContext c) {
    if (!flushArgs(c)) {
      return;
    }
    c.dirty(c.db().size() + 1);
    c.core().flushDb(c.client().db());
    c.ok();
  }

  static void flushall(CommandContext c) {
    if (!flushArgs(c)) {
      return;
    }
    c.dirty(c.core().keyspace().totalKeys() + 1);
    c.core().flushAllDbs();
    c.ok();
  }
}
