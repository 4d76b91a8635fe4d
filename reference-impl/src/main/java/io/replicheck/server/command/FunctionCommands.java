package io.replicheck.server.command;

import static io.replicheck.server.command.Args.eq;

import io.replicheck.rdb.RdbDump;
import io.replicheck.rdb.RdbFormatException;
import io.replicheck.rdb.RdbWriteOptions;
import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.resp.ReplySink;
import io.replicheck.server.script.FunctionLibraries;
import io.replicheck.server.script.ScriptError;
import io.replicheck.server.script.ScriptFlag;
import io.replicheck.server.script.Scripting;
import io.replicheck.server.util.Glob;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * FUNCTION (LOAD, DELETE, FLUSH, LIST, DUMP, RESTORE, STATS, KILL, HELP), FCALL and FCALL_RO
 * (functions.c). FUNCTION LOAD, DELETE, FLUSH and RESTORE change the libraries and are propagated
 * as they were sent; FCALL is propagated as its effects, like EVAL.
 */
final class FunctionCommands {
  private FunctionCommands() {}

  private static final Map<String, Integer> ARITY =
      Map.of(
          "delete", 3, "dump", 2, "flush", -2, "help", 2, "kill", 2, "list", -2, "load", -3,
          "restore", -3, "stats", 2);

  static void register(CommandTable t, Scripting s) {
    t.register(CommandSpec.of("function", -2, "noscript", 0, 0, 0, c -> function(c, s)));
    t.register(
        CommandSpec.of(
            "fcall",
            -3,
            "movablekeys no_mandatory_keys noscript skip_monitor stale",
            0,
            0,
            0,
            c -> fcall(c, s, false)));
    t.register(
        CommandSpec.of(
            "fcall_ro",
            -3,
            "movablekeys no_mandatory_keys noscript readonly skip_monitor stale",
            0,
            0,
            0,
            c -> fcall(c, s, true)));
  }

  private static void fcall(CommandContext c, Scripting s, boolean ro) {
    FunctionLibraries.FunctionInfo f = s.functions().function(c.argString(1));
    if (f == null) {
      c.error("ERR Function not found");
      return;
    }
    Integer numkeys = ScriptCommands.numkeys(c, "ERR Bad number of keys provided");
    if (numkeys == null) {
      return;
    }
    s.fcall(c, f, numkeys, ro);
  }

  private static void function(CommandContext c, Scripting s) {
    String sub = c.argLower(1);
    Integer arity = ARITY.get(sub);
    if (arity == null) {
      c.error("ERR unknown subcommand '" + c.argString(1) + "'. Try FUNCTION HELP.");
      return;
    }
    if ((arity > 0 && c.argc() != arity) || c.argc() < -arity) {
      c.error("ERR wrong number of arguments for 'function|" + sub + "' command");
      return;
    }
    boolean writes =
        switch (sub) {
          case "load", "delete", "flush", "restore" -> true;
          default -> false;
        };
    if (writes) {
      // The container has no flags of its own: the write subcommands are refused here.
      if (c.core().isReplica() && c.core().config().replicaReadOnly && !c.client().isMaster()) {
        c.error("READONLY You can't write against a read only replica.");
        return;
      }
    } else {
      c.preventPropagation();
    }
    switch (sub) {
      case "load" -> {
        load(c, s);
        if (c.core().propagation().injected("function-load-not-propagated")) {
          c.preventPropagation(); // the bug: replicas never get the library
        }
      }
      case "delete" -> {
        try {
          s.functions().delete(c.argString(2));
          c.dirty(1);
          c.ok();
        } catch (ScriptError e) {
          c.error(e.replyText());
        }
      }
      case "flush" -> {
        if (c.argc() > 3) {
          syntax(c);
          return;
        }
        if (c.argc() == 3 && !eq(c.arg(2), "sync") && !eq(c.arg(2), "async")) {
          c.error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
          return;
        }
        s.functions().flush();
        c.dirty(1);
        c.ok();
      }
      case "list" -> list(c, s);
      case "dump" -> c.reply().bulk(RdbDump.serializeFunctions(s.codes(), options(c)));
      case "restore" -> restore(c, s);
      case "stats" -> stats(c, s);
      case "kill" -> c.error("NOTBUSY No scripts in execution right now.");
      default -> help(c);
    }
  }

  /** addReplySubcommandSyntaxError: it names the subcommand as the client spelled it. */
  private static void syntax(CommandContext c) {
    c.error(
        "ERR unknown subcommand or wrong number of arguments for '"
            + c.argString(1)
            + "'. Try FUNCTION HELP.");
  }

  private static RdbWriteOptions options(CommandContext c) {
    RdbWriteOptions d = RdbWriteOptions.defaults();
    return new RdbWriteOptions(
        c.core().config().rdbcompression,
        true,
        d.listMaxListpackSize(),
        d.hashMaxListpackEntries(),
        d.hashMaxListpackValue(),
        d.setMaxIntsetEntries());
  }

  private static void load(CommandContext c, Scripting s) {
    // as functionLoadCommand: every argument before the last is an option, the last is the code
    boolean replace = false;
    int codeAt = c.argc() - 1;
    for (int i = 2; i < codeAt; i++) {
      if (!eq(c.arg(i), "replace")) {
        c.error("ERR Unknown option given: " + c.argString(i));
        return;
      }
      replace = true;
    }
    try {
      String name = s.functions().load(c.argString(codeAt), replace);
      c.dirty(1);
      c.reply().bulk(name);
    } catch (ScriptError e) {
      c.error(e.replyText());
    }
  }

  private static void list(CommandContext c, Scripting s) {
    String pattern = null;
    boolean withCode = false;
    for (int i = 2; i < c.argc(); i++) {
      if (!withCode && eq(c.arg(i), "withcode")) {
        withCode = true;
      } else if (pattern == null && eq(c.arg(i), "libraryname")) {
        if (i + 1 >= c.argc()) {
          c.error("ERR library name argument was not given");
          return;
        }
        pattern = c.argString(++i);
      } else {
        c.error("ERR Unknown argument " + c.argString(i));
        return;
      }
    }
    List<FunctionLibraries.Library> libs = s.functions().libraries().stream().toList();
    if (pattern != null) {
      String p = pattern;
      libs = libs.stream().filter(l -> Glob.match(p, l.name(), false)).toList();
    }
    ReplySink r = c.reply();
    r.arrayHeader(libs.size());
    for (FunctionLibraries.Library lib : libs) {
      r.mapHeader(withCode ? 4 : 3);
      r.bulk("library_name");
      r.bulk(lib.name());
      r.bulk("engine");
      r.bulk("LUA");
      r.bulk("functions");
      r.arrayHeader(lib.functions().size());
      for (FunctionLibraries.FunctionInfo f : lib.functions()) {
        r.mapHeader(3);
        r.bulk("name");
        r.bulk(f.name());
        r.bulk("description");
        if (f.description() == null) {
          r.nullBulk();
        } else {
          r.bulk(f.description());
        }
        r.bulk("flags");
        r.setHeader(f.flags().size());
        for (ScriptFlag flag : ScriptFlag.values()) {
          if (f.flags().contains(flag)) {
            r.simple(flag.redisName());
          }
        }
      }
      if (withCode) {
        r.bulk("library_code");
        r.bulk(lib.code().getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static void restore(CommandContext c, Scripting s) {
    if (c.argc() > 4) {
      syntax(c);
      return;
    }
    FunctionLibraries.RestorePolicy policy = FunctionLibraries.RestorePolicy.APPEND;
    if (c.argc() == 4) {
      if (eq(c.arg(3), "append")) {
        policy = FunctionLibraries.RestorePolicy.APPEND;
      } else if (eq(c.arg(3), "replace")) {
        policy = FunctionLibraries.RestorePolicy.REPLACE;
      } else if (eq(c.arg(3), "flush")) {
        policy = FunctionLibraries.RestorePolicy.FLUSH;
      } else {
        c.error("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
        return;
      }
    }
    List<String> codes;
    try {
      codes = RdbDump.deserializeFunctions(c.arg(2));
    } catch (RdbFormatException e) {
      String m = e.getMessage();
      int at = m.lastIndexOf(" at offset ");
      c.error("ERR " + (at >= 0 ? m.substring(0, at) : m));
      return;
    }
    try {
      s.functions().restore(codes, policy);
      c.dirty(1);
      c.ok();
    } catch (ScriptError e) {
      c.error(e.replyText());
    }
  }

  private static void stats(CommandContext c, Scripting s) {
    ReplySink r = c.reply();
    r.mapHeader(2);
    r.bulk("running_script");
    r.nullBulk();
    r.bulk("engines");
    r.mapHeader(1);
    r.bulk("LUA");
    r.mapHeader(2);
    r.bulk("libraries_count");
    r.integer(s.functions().libraries().size());
    r.bulk("functions_count");
    r.integer(s.functions().functionCount());
  }

  private static void help(CommandContext c) {
    String[] lines = {
      "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "LOAD [REPLACE] <FUNCTION CODE>",
      "    Create a new library with the given library name and code.",
      "DELETE <LIBRARY NAME>",
      "    Delete the given library.",
      "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
      "    Return general information on all the libraries:",
      "    * Library name",
      "    * The engine used to run the Library",
      "    * Library description",
      "    * Functions list",
      "    * Library code (if WITHCODE is given)",
      "    It also possible to get only function that matches a pattern using LIBRARYNAME"
          + " argument.",
      "STATS",
      "    Return information about the current function running:",
      "    * Function name",
      "    * Command used to run the function",
      "    * Duration in MS that the function is running",
      "    If no function is running, return nil",
      "    In addition, returns a list of available engines.",
      "KILL",
      "    Kill the current running function.",
      "FLUSH [ASYNC|SYNC]",
      "    Delete all the libraries.",
      "    When called without the optional mode argument, the behavior is determined by the",
      "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
      "    * ASYNC: Asynchronously flush the libraries.",
      "    * SYNC: Synchronously flush the libraries.",
      "DUMP",
      "    Return a serialized payload representing the current libraries, can be restored using"
          + " FUNCTION RESTORE command",
      "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
      "    Restore the libraries represented by the given payload, it is possible to give a"
          + " restore policy to",
      "    control how to handle existing libraries (default APPEND):",
      "    * FLUSH: delete all existing libraries.",
      "    * APPEND: appends the restored libraries to the existing libraries. On collision,"
          + " abort.",
      "    * REPLACE: appends the restored libraries to the existing libraries, On collision,"
          + " replace the old",
      "      libraries with the new libraries (notice that even on this option there is a"
          + " chance of failure",
      "      in case of functions name collision with another library).",
      "HELP",
      "    Prints this help."
    };
    c.reply().arrayHeader(lines.length);
    for (String l : lines) {
      c.reply().simple(l);
    }
  }
}
