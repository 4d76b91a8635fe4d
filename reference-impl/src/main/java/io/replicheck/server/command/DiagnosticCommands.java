package io.replicheck.server.command;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.ServerCore;
import java.util.Map;

/**
 * SLOWLOG, LATENCY and LOLWUT. This server keeps no slow log and no latency samples
 * (slowlog-log-slower-than and latency-monitor-threshold are accepted but change nothing), so those
 * answer as a redis whose logs are empty; LOLWUT prints the version line only.
 */
final class DiagnosticCommands {
  private DiagnosticCommands() {}

  static final Map<String, Integer> SLOWLOG_ARITY =
      Map.of("get", -2, "len", 2, "reset", 2, "help", 2);
  static final Map<String, Integer> LATENCY_ARITY =
      Map.of(
          "doctor",
          2,
          "graph",
          3,
          "history",
          3,
          "latest",
          2,
          "reset",
          -2,
          "histogram",
          -2,
          "help",
          2);

  static void register(CommandTable t) {
    t.register(CommandSpec.of("slowlog", -2, "", 0, 0, 0, DiagnosticCommands::slowlog));
    t.register(CommandSpec.of("latency", -2, "", 0, 0, 0, DiagnosticCommands::latency));
    t.register(CommandSpec.of("lolwut", -1, "readonly fast", 0, 0, 0, DiagnosticCommands::lolwut));
  }

  /** Checks a container's subcommand and its arity as processCommand does; false if answered. */
  static boolean subcommand(CommandContext c, String container, Map<String, Integer> arities) {
    String sub = c.argLower(1);
    Integer arity = arities.get(sub);
    if (arity == null) {
      c.error(
          "ERR unknown subcommand '"
              + c.argString(1)
              + "'. Try "
              + container.toUpperCase(java.util.Locale.ROOT)
              + " HELP.");
      return false;
    }
    if ((arity > 0 && c.argc() != arity) || c.argc() < -arity) {
      c.error("ERR wrong number of arguments for '" + container + "|" + sub + "' command");
      return false;
    }
    return true;
  }

  static void slowlog(CommandContext c) {
    if (!subcommand(c, "slowlog", SLOWLOG_ARITY)) {
      return;
    }
    switch (c.argLower(1)) {
      case "get" -> {
        if (c.argc() > 3) {
          c.error("ERR wrong number of arguments for 'slowlog|get' command");
          return;
        }
        if (c.argc() == 3) {
          Long n = Numbers.parseLong(c.arg(2));
          if (n == null || n < -1) {
            c.error("ERR count should be greater than or equal to -1");
            return;
          }
        }
        c.reply().arrayHeader(0);
      }
      case "len" -> c.reply().integer(0);
      case "reset" -> c.ok();
      default ->
          lines(
              c,
              "SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
              "GET [<count>]",
              "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
              "    Entries are made of:",
              "    id, timestamp, time in microseconds, arguments array, client IP and port,",
              "    client name",
              "LEN",
              "    Return the length of the slowlog.",
              "RESET",
              "    Reset the slowlog.",
              "HELP",
              "    Prints this help.");
    }
  }

  static void latency(CommandContext c) {
    if (!subcommand(c, "latency", LATENCY_ARITY)) {
      return;
    }
    switch (c.argLower(1)) {
      case "latest", "history" -> c.reply().arrayHeader(0);
      case "reset" -> c.reply().integer(0);
      case "histogram" -> c.reply().mapHeader(0);
      case "graph" -> c.error("ERR No samples available for event '" + c.argString(2) + "'");
      case "doctor" ->
          c.reply()
              .verbatim(
                  "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis"
                      + " instance. You may use \"CONFIG SET latency-monitor-threshold"
                      + " <milliseconds>.\" in order to enable it. If we weren't in a deep space"
                      + " mission I'd suggest to take a look at"
                      + " https://redis.io/topics/latency-monitor.\n");
      default ->
          lines(
              c,
              "LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
              "DOCTOR",
              "    Return a human readable latency analysis report.",
              "GRAPH <event>",
              "    Return an ASCII latency graph for the <event> class.",
              "HISTORY <event>",
              "    Return time-latency samples for the <event> class.",
              "LATEST",
              "    Return the latest latency samples for all events.",
              "RESET [<event> ...]",
              "    Reset latency data of one or more <event> classes.",
              "    (default: reset all data for all event classes)",
              "HISTOGRAM [COMMAND ...]",
              "    Return a cumulative distribution of latencies in the format of a histogram"
                  + " for the specified command names.",
              "    If no commands are specified then all histograms are replied.",
              "HELP",
              "    Prints this help.");
    }
  }

  static void lolwut(CommandContext c) {
    for (int j = 1; j < c.argc(); j++) {
      if (Args.eq(c.arg(j), "version") && j + 1 < c.argc()) {
        if (c.longArg(j + 1) == null) {
          return;
        }
        j++;
      }
    }
    c.reply().verbatim("Redis ver. " + ServerCore.REDIS_VERSION + "\n");
  }

  static void lines(CommandContext c, String... lines) {
    c.reply().arrayHeader(lines.length);
    for (String l : lines) {
      c.reply().simple(l);
    }
  }
}
