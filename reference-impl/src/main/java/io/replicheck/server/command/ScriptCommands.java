package io.replicheck.server.command;

import static io.replicheck.server.command.Args.eq;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.script.ScriptCache;
import io.replicheck.server.script.ScriptError;
import io.replicheck.server.script.Scripting;
import java.util.Map;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (eval.c). A script's writes are propagated as their
 * effects (several inside MULTI/EXEC), never the script; the script cache is neither propagated nor
 * persisted.
 */
final class ScriptCommands {
  private ScriptCommands() {}

  /** SCRIPT's subcommands and their arity (as redis's command table has them). */
  private static final Map<String, Integer> SCRIPT_ARITY =
      Map.of("debug", 3, "exists", -3, "flush", -2, "help", 2, "kill", 2, "load", 3);

  static void register(CommandTable t, Scripting s) {
    t.register(
        CommandSpec.of(
            "eval",
            -3,
            "movablekeys no_mandatory_keys noscript skip_monitor stale",
            0,
            0,
            0,
            c -> eval(c, s, false, false)));
    t.register(
        CommandSpec.of(
            "evalsha",
            -3,
            "movablekeys no_mandatory_keys noscript skip_monitor stale",
            0,
            0,
            0,
            c -> eval(c, s, true, false)));
    t.register(
        CommandSpec.of(
            "eval_ro",
            -3,
            "movablekeys no_mandatory_keys noscript readonly skip_monitor stale",
            0,
            0,
            0,
            c -> eval(c, s, false, true)));
    t.register(
        CommandSpec.of(
            "evalsha_ro",
            -3,
            "movablekeys no_mandatory_keys noscript readonly skip_monitor stale",
            0,
            0,
            0,
            c -> eval(c, s, true, true)));
    t.register(CommandSpec.of("script", -2, "noscript", 0, 0, 0, c -> script(c, s)));
  }

  /** numkeys at argument 2 (evalGenericCommand's checks), or null after replying the error. */
  static Integer numkeys(CommandContext c, String notANumber) {
    Long n = Numbers.parseLong(c.arg(2));
    if (n == null) {
      c.error(notANumber);
      return null;
    }
    if (n > c.argc() - 3) {
      c.error("ERR Number of keys can't be greater than number of args");
      return null;
    }
    if (n < 0) {
      c.error("ERR Number of keys can't be negative");
      return null;
    }
    return n.intValue();
  }

  private static void eval(CommandContext c, Scripting s, boolean bySha, boolean ro) {
    if (bySha && c.arg(1).length != 40) {
      // evalShaCommand answers NOSCRIPT for a SHA of the wrong length before reading numkeys
      c.error("NOSCRIPT No matching script. Please use EVAL.");
      return;
    }
    Integer numkeys = numkeys(c, "ERR value is not an integer or out of range");
    if (numkeys == null) {
      return;
    }
    ScriptCache.Script script;
    if (bySha) {
      script = s.cache().get(c.argString(1));
      if (script == null) {
        c.error("NOSCRIPT No matching script. Please use EVAL.");
        return;
      }
    } else {
      try {
        script = s.cache().load(c.arg(1));
      } catch (ScriptError e) {
        c.error(e.replyText());
        return;
      }
    }
    s.eval(c, script, numkeys, ro);
  }

  private static void script(CommandContext c, Scripting s) {
    String sub = c.argLower(1);
    Integer arity = SCRIPT_ARITY.get(sub);
    if (arity == null) {
      c.error("ERR unknown subcommand '" + c.argString(1) + "'. Try SCRIPT HELP.");
      return;
    }
    if ((arity > 0 && c.argc() != arity) || c.argc() < -arity) {
      c.error("ERR wrong number of arguments for 'script|" + sub + "' command");
      return;
    }
    switch (sub) {
      case "load" -> {
        try {
          c.reply().bulk(s.cache().load(c.arg(2)).sha());
        } catch (ScriptError e) {
          c.error(e.replyText());
        }
      }
      case "exists" -> {
        c.reply().arrayHeader(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
          c.reply().integer(s.cache().get(c.argString(i)) != null ? 1 : 0);
        }
      }
      case "flush" -> {
        // scriptCommand: anything but no argument, SYNC or ASYNC is this one error
        if (c.argc() > 3 || c.argc() == 3 && !eq(c.arg(2), "sync") && !eq(c.arg(2), "async")) {
          c.error("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
          return;
        }
        s.cache().flush();
        c.ok();
      }
      case "kill" -> c.error("NOTBUSY No scripts in execution right now.");
      case "debug" -> c.error("ERR SCRIPT DEBUG is not supported by this server");
      default -> help(c);
    }
  }

  private static void help(CommandContext c) {
    String[] lines = {
      "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "DEBUG (YES|SYNC|NO)",
      "    Set the debug mode for subsequent scripts executed.",
      "EXISTS <sha1> [<sha1> ...]",
      "    Return information about the existence of the scripts in the script cache.",
      "FLUSH [ASYNC|SYNC]",
      "    Flush the Lua scripts cache. Very dangerous on replicas.",
      "    When called without the optional mode argument, the behavior is determined by the",
      "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
      "    * ASYNC: Asynchronously flush the scripts cache.",
      "    * SYNC: Synchronously flush the scripts cache.",
      "KILL",
      "    Kill the currently executing Lua script.",
      "LOAD <script>",
      "    Load a script into the scripts cache without executing it.",
      "HELP",
      "    Prints this help."
    };
    c.reply().arrayHeader(lines.length);
    for (String l : lines) {
      c.reply().simple(l);
    }
  }
}
