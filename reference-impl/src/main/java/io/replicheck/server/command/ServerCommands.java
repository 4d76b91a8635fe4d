package io.replicheck.server.command;

import static io.replicheck.server.command.Args.eq;

import io.replicheck.rdb.DatasetDigest;
import io.replicheck.server.config.ConfigRewriter;
import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandFlag;
import io.replicheck.server.core.CommandHandler;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Keyspace;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RObject;
import io.replicheck.server.core.ServerCore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** INFO, CONFIG, TIME, COMMAND, SAVE/BGSAVE/LASTSAVE, SHUTDOWN, DEBUG and a standalone ROLE. */
final class ServerCommands {
  private ServerCommands() {}

  static void register(CommandTable t) {
    t.register(CommandSpec.of("info", -1, "loading stale", 0, 0, 0, ServerCommands::info));
    t.register(
        CommandSpec.of(
            "config", -2, "admin noscript loading stale", 0, 0, 0, ServerCommands::config));
    t.register(CommandSpec.of("time", 1, "loading stale fast", 0, 0, 0, ServerCommands::time));
    t.register(CommandSpec.of("command", -1, "loading stale", 0, 0, 0, ServerCommands::command));
    t.register(
        CommandSpec.of(
            "save", 1, "admin no_async_loading no_multi noscript", 0, 0, 0, ServerCommands::save));
    t.register(
        CommandSpec.of(
            "bgsave", -1, "admin no_async_loading noscript", 0, 0, 0, ServerCommands::bgsave));
    t.register(
        CommandSpec.of(
            "lastsave",
            1,
            "loading stale fast",
            0,
            0,
            0,
            c -> c.reply().integer(c.core().persistence().lastSaveSeconds())));
    t.register(
        CommandSpec.of(
            "shutdown",
            -1,
            "admin noscript loading stale no_multi allow_busy",
            0,
            0,
            0,
            ServerCommands::shutdown));
    t.register(
        CommandSpec.of(
            "debug", -2, "admin noscript loading stale", 0, 0, 0, ServerCommands::debug));
    t.register(
        CommandSpec.of(
            "role",
            1,
            "noscript loading stale fast",
            0,
            0,
            0,
            c -> {
              // Standalone answer; the replication package registers the real ROLE.
              c.reply().arrayHeader(3);
              c.reply().bulk("master");
              c.reply().integer(0);
              c.reply().arrayHeader(0);
            }));
  }

  static void info(CommandContext c) {
    List<String> args = new ArrayList<>();
    for (int j = 1; j < c.argc(); j++) {
      args.add(c.argString(j));
    }
    c.reply().verbatim(c.core().info().render(args));
  }

  static void time(CommandContext c) {
    long us = c.core().clock().currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
    c.reply().arrayHeader(2);
    c.reply().bulk(Long.toString(us / 1_000_000));
    c.reply().bulk(Long.toString(us % 1_000_000));
  }

  static void config(CommandContext c) {
    String sub = c.argLower(1);
    switch (sub) {
      case "get" -> {
        if (c.argc() < 3) {
          c.error("ERR wrong number of arguments for 'config|get' command");
          return;
        }
        List<String> pats = new ArrayList<>();
        for (int j = 2; j < c.argc(); j++) {
          pats.add(c.argString(j));
        }
        Map<String, String> m = c.core().configRegistry().get(pats);
        c.reply().mapHeader(m.size());
        for (Map.Entry<String, String> e : m.entrySet()) {
          c.reply().bulk(e.getKey());
          c.reply().bulk(e.getValue());
        }
      }
      case "set" -> {
        if (c.argc() < 4 || c.argc() % 2 != 0) {
          c.error("ERR wrong number of arguments for 'config|set' command");
          return;
        }
        List<String> kv = new ArrayList<>();
        for (int j = 2; j < c.argc(); j++) {
          kv.add(c.argString(j));
        }
        String err = c.core().configRegistry().set(kv);
        if (err != null) {
          c.error(err);
        } else {
          c.ok();
        }
      }
      case "resetstat" -> {
        if (c.argc() != 2) {
          c.error("ERR wrong number of arguments for 'config|resetstat' command");
          return;
        }
        c.core().stats().reset();
        c.ok();
      }
      case "rewrite" -> {
        if (c.argc() != 2) {
          c.error("ERR wrong number of arguments for 'config|rewrite' command");
          return;
        }
        String file = c.core().serverInfo().configFile;
        if (file.isEmpty()) {
          c.error("ERR The server is running without a config file");
          return;
        }
        try {
          ConfigRewriter.rewrite(c.core().configRegistry(), java.nio.file.Path.of(file));
          c.ok();
        } catch (java.io.IOException | RuntimeException e) {
          c.error("ERR Rewriting config file: " + e.getMessage());
        }
      }
      case "help" -> {
        String[] lines = {
          "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
          "GET <pattern>",
          "    Return parameters matching the glob-like <pattern> and their values.",
          "SET <directive> <value>",
          "    Set the configuration <directive> to <value>.",
          "RESETSTAT",
          "    Reset statistics reported by the INFO command.",
          "REWRITE",
          "    Rewrite the configuration file.",
          "HELP",
          "    Print this help."
        };
        c.reply().arrayHeader(lines.length);
        for (String l : lines) {
          c.reply().simple(l);
        }
      }
      default -> c.error("ERR unknown subcommand '" + c.argString(1) + "'. Try CONFIG HELP.");
    }
  }

  /**
   * Commands with subcommands: redis 7.0 gives the container no flags and no keys (its subcommands
   * carry them); here the container's own flags drive the checks, so COMMAND INFO hides them.
   */
  private static final java.util.Set<String> CONTAINERS =
      java.util.Set.of(
          "client",
          "config",
          "function",
          "script",
          "pubsub",
          "object",
          "memory",
          "slowlog",
          "latency",
          "xinfo",
          "xgroup",
          "acl",
          "cluster",
          "module");

  static void commandInfo(CommandContext c, CommandSpec s) {
    var r = c.reply();
    boolean container = CONTAINERS.contains(s.name());
    r.arrayHeader(10);
    r.bulk(s.name());
    r.integer(s.arity());
    List<CommandFlag> shown =
        container ? List.of() : s.flags().stream().filter(CommandFlag::shown).toList();
    r.setHeader(shown.size());
    for (CommandFlag f : shown) {
      r.simple(f.redisName());
    }
    r.integer(container ? 0 : s.firstKey());
    r.integer(container ? 0 : s.lastKey());
    r.integer(container ? 0 : s.step());
    r.setHeader(0);
    r.setHeader(0);
    r.arrayHeader(0);
    r.arrayHeader(0);
  }

  static void command(CommandContext c) {
    CommandTable t = c.core().commands();
    if (c.argc() == 1) {
      List<CommandSpec> all = new ArrayList<>(t.all());
      all.sort(Comparator.comparing(CommandSpec::name));
      c.reply().arrayHeader(all.size());
      for (CommandSpec s : all) {
        commandInfo(c, s);
      }
      return;
    }
    String sub = c.argLower(1);
    switch (sub) {
      case "count" -> c.reply().integer(t.size());
      case "info" -> {
        if (c.argc() == 2) {
          List<CommandSpec> all = new ArrayList<>(t.all());
          c.reply().arrayHeader(all.size());
          all.forEach(s -> commandInfo(c, s));
          return;
        }
        c.reply().arrayHeader(c.argc() - 2);
        for (int j = 2; j < c.argc(); j++) {
          CommandSpec s = t.lookup(c.arg(j));
          if (s == null) {
            c.reply().nullArray();
          } else {
            commandInfo(c, s);
          }
        }
      }
      case "list" -> {
        List<CommandSpec> all = new ArrayList<>(t.all());
        c.reply().arrayHeader(all.size());
        for (CommandSpec s : all) {
          c.reply().bulk(s.name());
        }
      }
      case "docs" -> commandDocs(c, t);
      case "getkeys" -> {
        if (c.argc() < 3) {
          c.error("ERR wrong number of arguments for 'command|getkeys' command");
          return;
        }
        CommandSpec s = t.lookup(c.arg(2));
        if (s == null) {
          c.error("ERR Invalid command specified");
          return;
        }
        int argc = c.argc() - 2;
        if ((s.arity() > 0 && argc != s.arity()) || argc < -s.arity()) {
          c.error("ERR Invalid number of arguments specified for command");
          return;
        }
        if (s.firstKey() == 0) {
          c.error("ERR The command has no key arguments");
          return;
        }
        int last = s.lastKey() < 0 ? argc + s.lastKey() : s.lastKey();
        List<byte[]> keys = new ArrayList<>();
        for (int j = s.firstKey(); j <= last && j < argc; j += Math.max(1, s.step())) {
          keys.add(c.arg(j + 2));
        }
        c.reply().arrayHeader(keys.size());
        keys.forEach(k -> c.reply().bulk(k));
      }
      case "help" -> {
        c.reply().arrayHeader(1);
        c.reply().simple("COMMAND [COUNT|INFO|LIST|DOCS|GETKEYS]");
      }
      default -> c.error("ERR unknown subcommand '" + c.argString(1) + "'. Try COMMAND HELP.");
    }
  }

  static void save(CommandContext c) {
    if (c.core().persistence().bgsaveInProgress()) {
      c.error("ERR Background save already in progress");
      return;
    }
    try {
      c.core().persistence().save();
      c.ok();
    } catch (IOException e) {
      c.error("ERR " + e.getMessage());
    }
  }

  static void bgsave(CommandContext c) {
    boolean schedule = false;
    if (c.argc() == 2 && eq(c.arg(1), "schedule")) {
      schedule = true;
    } else if (c.argc() > 1) {
      c.syntaxError();
      return;
    }
    String err = c.core().persistence().bgsave(schedule);
    if (err == null) {
      c.reply().simple("Background saving started");
    } else if (err.startsWith("+")) {
      c.reply().simple(err.substring(1));
    } else {
      c.error(err);
    }
  }

  static void shutdown(CommandContext c) {
    Boolean save = null;
    for (int j = 1; j < c.argc(); j++) {
      if (eq(c.arg(j), "nosave")) {
        save = Boolean.FALSE;
      } else if (eq(c.arg(j), "save")) {
        save = Boolean.TRUE;
      } else if (eq(c.arg(j), "now") || eq(c.arg(j), "force")) {
        continue;
      } else if (eq(c.arg(j), "abort")) {
        c.error("ERR No shutdown in progress.");
        return;
      } else {
        c.syntaxError();
        return;
      }
    }
    String err = c.core().shutdown(save);
    if (err != null) {
      c.error(err);
    }
  }

  private static boolean debugAllowed(CommandContext c) {
    String mode = c.core().config().enableDebugCommand;
    if (mode.equals("yes")) {
      return true;
    }
    if (mode.equals("local")) {
      String a = c.client().connection().remoteAddress();
      return a.startsWith("127.")
          || a.startsWith("[::1]")
          || a.startsWith("::1")
          || a.startsWith("0:0:0:0:0:0:0:1");
    }
    return false;
  }

  static void debug(CommandContext c) {
    if (!debugAllowed(c)) {
      c.error(
          "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
              + "you can run it from a local connection, otherwise you need to set this option in the "
              + "configuration file, and then restart the server.");
      return;
    }
    String sub = c.argLower(1);
    ServerCore core = c.core();
    CommandHandler ext = core.debugSubcommand(sub);
    if (ext != null) {
      ext.execute(c);
      return;
    }
    switch (sub) {
      case "digest" -> {
        try (Keyspace.Snapshot s = core.keyspace().snapshot()) {
          c.reply().bulk(DatasetDigest.of(s.entries()));
        }
      }
      case "digest-value" -> {
        c.reply().arrayHeader(c.argc() - 2);
        for (int j = 2; j < c.argc(); j++) {
          RObject o = c.db().peek(c.arg(j));
          if (o == null) {
            c.reply().bulk("0000000000000000000000000000000000000000");
          } else {
            c.reply().bulk(DatasetDigest.digestValue(Keyspace.toRdb(o), o.expireAt() >= 0));
          }
        }
      }
      case "reload" -> {
        boolean save = true;
        boolean flush = true;
        for (int j = 2; j < c.argc(); j++) {
          if (eq(c.arg(j), "merge")) {
            flush = false;
          } else if (eq(c.arg(j), "nosave")) {
            save = false;
          } else if (eq(c.arg(j), "noflush")) {
            flush = false;
          } else {
            c.error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
            return;
          }
        }
        try {
          core.persistence().reload(save, flush);
          c.ok();
        } catch (IOException e) {
          c.error("ERR Error trying to load the RDB dump: " + e.getMessage());
        }
      }
      case "sleep" -> {
        Double secs = c.argc() > 2 ? Numbers.parseDouble(c.arg(2)) : null;
        if (secs == null) {
          c.error("ERR value is not a valid float");
          return;
        }
        try {
          Thread.sleep((long) (secs * 1000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        c.ok();
      }
      case "set-active-expire" -> {
        if (c.argc() != 3) {
          c.wrongArgs();
          return;
        }
        core.config().activeExpireEnabled = !c.argString(2).equals("0");
        c.ok();
      }
      case "object" -> {
        if (c.argc() != 3) {
          c.wrongArgs();
          return;
        }
        RObject o = c.db().peek(c.arg(2));
        if (o == null) {
          c.error("ERR no such key");
          return;
        }
        c.reply()
            .simple(
                "Value at:0x7f0000000000 refcount:1 encoding:"
                    + o.encoding().redisName()
                    + " serializedlength:0 lru:0 lru_seconds_idle:"
                    + Math.max(0, (core.clock().currentTimeMillis() - o.lastAccess()) / 1000));
      }
      case "populate" -> {
        if (c.argc() < 3 || c.argc() > 5) {
          c.wrongArgs();
          return;
        }
        Long count = Numbers.parseLong(c.arg(2));
        if (count == null || count < 0) {
          c.error("ERR count is not an integer or out of range");
          return;
        }
        String prefix = c.argc() >= 4 ? c.argString(3) : "key";
        Long size = c.argc() == 5 ? Numbers.parseLong(c.arg(4)) : null;
        if (c.argc() == 5 && (size == null || size < 0)) {
          c.error("ERR size is not an integer or out of range");
          return;
        }
        var db = c.db();
        for (long j = 0; j < count; j++) {
          byte[] key = (prefix + ":" + j).getBytes(java.nio.charset.StandardCharsets.UTF_8);
          if (db.lookupRead(key) != null) {
            continue;
          }
          byte[] val = ("value:" + j).getBytes(java.nio.charset.StandardCharsets.UTF_8);
          if (size != null) {
            val = java.util.Arrays.copyOf(val, size.intValue());
          }
          db.set(key, io.replicheck.server.core.RString.of(val));
          c.signalModified(key);
        }
        c.preventPropagation(); // as redis: DEBUG POPULATE is not replicated
        c.ok();
      }
      case "jmap", "quicklist-packed-threshold", "stringmatch-len", "listpack", "quicklist" ->
          c.ok();
      case "help" -> {
        String[] lines = {
          "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
          "DIGEST",
          "DIGEST-VALUE <key> [<key> ...]",
          "OBJECT <key>",
          "POPULATE <count> [<prefix>] [<size>]",
          "RELOAD [MERGE] [NOFLUSH] [NOSAVE]",
          "SET-ACTIVE-EXPIRE <0|1>",
          "SLEEP <seconds>",
          "HELP"
        };
        c.reply().arrayHeader(lines.length);
        for (String l : lines) {
          c.reply().simple(l);
        }
      }
      default ->
          c.error(
              "ERR unknown subcommand or wrong number of arguments for '"
                  + c.argString(1)
                  + "'. Try DEBUG HELP.");
    }
  }

  /** COMMAND DOCS [name ...]: redis 7.0.15's docs of the commands this server has. */
  private static void commandDocs(CommandContext c, CommandTable t) {
    List<String> names = new ArrayList<>();
    if (c.argc() == 2) {
      for (CommandSpec s : t.all()) {
        names.add(s.name());
      }
    } else {
      for (int j = 2; j < c.argc(); j++) {
        names.add(c.argLower(j));
      }
    }
    List<String> found = new ArrayList<>();
    List<CommandDocs.Node> docs = new ArrayList<>();
    for (String n : names) {
      int bar = n.indexOf('|');
      if (t.lookup(bar < 0 ? n : n.substring(0, bar)) == null) {
        continue;
      }
      CommandDocs.Node d = CommandDocs.lookup(n);
      if (d != null) {
        found.add(n);
        docs.add(d);
      }
    }
    c.reply().mapHeader(found.size());
    for (int i = 0; i < found.size(); i++) {
      c.reply().bulk(found.get(i));
      CommandDocs.write(c.reply(), docs.get(i));
    }
  }
}
