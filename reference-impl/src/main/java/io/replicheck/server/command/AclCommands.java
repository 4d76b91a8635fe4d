package io.replicheck.server.command;

import static io.replicheck.server.command.Args.eq;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Numbers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ACL (acl.c) for a server whose only user is {@code default}, with all permissions and the
 * password {@code requirepass} (none when empty), which is the whole truth here: WHOAMI, LIST,
 * USERS, GETUSER, CAT, DRYRUN, GENPASS, LOG (failed AUTHs, as redis logs them), HELP. ACL SETUSER
 * answers an error that says users are not implemented; DELUSER, LOAD and SAVE answer what redis
 * answers for a server without other users and without an aclfile.
 */
final class AclCommands {
  private AclCommands() {}

  /** ACL CAT's categories, in redis 7.0's order. */
  static final List<String> CATEGORIES =
      List.of(
          "keyspace",
          "read",
          "write",
          "set",
          "sortedset",
          "list",
          "hash",
          "string",
          "bitmap",
          "hyperloglog",
          "geo",
          "stream",
          "pubsub",
          "admin",
          "fast",
          "slow",
          "blocking",
          "dangerous",
          "connection",
          "transaction",
          "scripting");

  /** Categories by command and subcommand (container|sub), as redis-server 7.0.15 lists them. */
  static final Map<String, List<String>> COMMAND_CATEGORIES = loadCategories();

  private static final int LOG_MAX_LEN = 128; // acllog-max-len's default
  private static final long LOG_GROUP_MS = 60_000; // ACL_LOG_GROUPING_MAX_TIME_DELTA
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One ACL LOG entry (ACLLogEntry); similar denials within a minute are counted in one. */
  private static final class LogEntry {
    long count = 1;
    final String reason;
    final String context;
    final String object;
    final String username;
    long ctime;
    String clientInfo;

    LogEntry(String reason, String context, String object, String username) {
      this.reason = reason;
      this.context = context;
      this.object = object;
      this.username = username;
    }
  }

  static void register(CommandTable t) {
    List<LogEntry> log = new ArrayList<>(); // newest first; one per table, i.e. per server
    CommandSpec auth = t.lookup("auth");
    if (auth != null) {
      t.register(
          new CommandSpec(
              auth.name(),
              auth.arity(),
              auth.flags(),
              auth.firstKey(),
              auth.lastKey(),
              auth.step(),
              c -> {
                if (authWillFail(c)) {
                  logDenial(c, log, c.argc() == 3 ? c.argString(1) : "default");
                }
                auth.handler().execute(c);
              }));
    }
    t.register(CommandSpec.of("acl", -2, "noscript loading stale", 0, 0, 0, c -> acl(c, log)));
  }

  /** Whether AUTH will answer WRONGPASS (ConnectionCommands.auth's rules). */
  private static boolean authWillFail(CommandContext c) {
    if (c.argc() > 3) {
      return false;
    }
    String required = c.core().config().requirepass;
    if (c.argc() == 2 && required.isEmpty()) {
      return false;
    }
    String user = c.argc() == 3 ? c.argString(1) : "default";
    return !user.equals("default")
        || (!required.isEmpty() && !required.equals(c.argString(c.argc() - 1)));
  }

  private static void logDenial(CommandContext c, List<LogEntry> log, String username) {
    long now = c.now();
    String context = c.inExec() ? "multi" : "toplevel";
    String object = c.spec().name();
    String info = ClientCommand.describe(c.core(), c.client());
    for (LogEntry e : log) {
      if (e.reason.equals("auth")
          && e.context.equals(context)
          && e.object.equals(object)
          && e.username.equals(username)
          && now - e.ctime < LOG_GROUP_MS) {
        e.count++;
        e.ctime = now;
        e.clientInfo = info;
        log.remove(e);
        log.add(0, e);
        return;
      }
    }
    LogEntry e = new LogEntry("auth", context, object, username);
    e.ctime = now;
    e.clientInfo = info;
    log.add(0, e);
    while (log.size() > LOG_MAX_LEN) {
      log.remove(log.size() - 1);
    }
  }

  static void acl(CommandContext c, List<LogEntry> log) {
    String sub = c.argLower(1);
    int argc = c.argc();
    switch (sub) {
      case "whoami" -> {
        if (argc == 2) {
          c.reply().bulk("default");
          return;
        }
      }
      case "users" -> {
        if (argc == 2) {
          c.reply().arrayHeader(1);
          c.reply().bulk("default");
          return;
        }
      }
      case "list" -> {
        if (argc == 2) {
          String pass = c.core().config().requirepass;
          c.reply().arrayHeader(1);
          c.reply()
              .bulk(
                  "user default on "
                      + (pass.isEmpty() ? "nopass" : "#" + sha256(pass))
                      + " ~* &* +@all");
          return;
        }
      }
      case "getuser" -> {
        if (argc == 3) {
          getuser(c);
          return;
        }
      }
      case "setuser" -> {
        if (argc >= 3) {
          c.error(
              "ERR ACL SETUSER is not supported by this server: its only user is 'default',"
                  + " with the password set by requirepass");
          return;
        }
      }
      case "deluser" -> {
        if (argc >= 3) {
          for (int j = 2; j < argc; j++) {
            if (c.argString(j).equals("default")) {
              c.error("ERR The 'default' user cannot be removed");
              return;
            }
          }
          c.reply().integer(0); // no other user exists to delete
          return;
        }
      }
      case "load", "save" -> {
        if (argc == 2) {
          c.error(
              "ERR This Redis instance is not configured to use an ACL file. You may want to"
                  + " specify users via the ACL SETUSER command and then issue a CONFIG REWRITE"
                  + " (assuming you have a Redis configuration file set) in order to store users"
                  + " in the Redis configuration.");
          return;
        }
      }
      case "cat" -> {
        if (argc <= 3) {
          cat(c);
          return;
        }
      }
      case "genpass" -> {
        if (argc <= 3) {
          genpass(c);
          return;
        }
      }
      case "log" -> {
        if (argc <= 3) {
          log(c, log);
          return;
        }
      }
      case "dryrun" -> {
        if (argc >= 4) {
          dryrun(c);
          return;
        }
      }
      case "help" -> {
        if (argc == 2) {
          help(c);
          return;
        }
      }
      default -> {
        c.error("ERR unknown subcommand '" + c.argString(1) + "'. Try ACL HELP.");
        return;
      }
    }
    c.error("ERR wrong number of arguments for 'acl|" + sub + "' command");
  }

  private static void getuser(CommandContext c) {
    if (!c.argString(2).equals("default")) {
      c.reply().nullArray();
      return;
    }
    String pass = c.core().config().requirepass;
    var r = c.reply();
    r.mapHeader(6);
    r.bulk("flags");
    if (pass.isEmpty()) {
      r.arrayHeader(2);
      r.bulk("on");
      r.bulk("nopass");
    } else {
      r.arrayHeader(1);
      r.bulk("on");
    }
    r.bulk("passwords");
    if (pass.isEmpty()) {
      r.arrayHeader(0);
    } else {
      r.arrayHeader(1);
      r.bulk(sha256(pass));
    }
    r.bulk("commands");
    r.bulk("+@all");
    r.bulk("keys");
    r.bulk("~*");
    r.bulk("channels");
    r.bulk("&*");
    r.bulk("selectors");
    r.arrayHeader(0);
  }

  private static void cat(CommandContext c) {
    if (c.argc() == 2) {
      c.reply().arrayHeader(CATEGORIES.size());
      CATEGORIES.forEach(s -> c.reply().bulk(s));
      return;
    }
    String category = c.argLower(2);
    if (!CATEGORIES.contains(category)) {
      c.error("ERR Unknown category '" + c.argString(2) + "'");
      return;
    }
    List<String> names = new ArrayList<>();
    COMMAND_CATEGORIES.forEach(
        (name, cats) -> {
          int bar = name.indexOf('|');
          String top = bar < 0 ? name : name.substring(0, bar);
          if (cats.contains(category) && c.core().commands().lookup(top) != null) {
            names.add(name);
          }
        });
    c.reply().arrayHeader(names.size());
    names.forEach(n -> c.reply().bulk(n));
  }

  private static void genpass(CommandContext c) {
    long bits = 256;
    if (c.argc() == 3) {
      Long v = Numbers.parseLong(c.arg(2));
      if (v == null) {
        c.notInteger();
        return;
      }
      bits = v;
    }
    if (bits <= 0 || bits > 4096) {
      c.error(
          "ERR ACL GENPASS argument must be the number of bits for the output password, a"
              + " positive number up to 4096");
      return;
    }
    int chars = (int) ((bits + 3) / 4);
    byte[] raw = new byte[(chars + 1) / 2];
    RANDOM.nextBytes(raw);
    c.reply().bulk(HexFormat.of().formatHex(raw).substring(0, chars));
  }

  private static void log(CommandContext c, List<LogEntry> log) {
    long count = 10;
    if (c.argc() == 3) {
      if (eq(c.arg(2), "reset")) {
        log.clear();
        c.ok();
        return;
      }
      Long v = Numbers.parseLong(c.arg(2));
      if (v == null) {
        c.notInteger();
        return;
      }
      count = v;
      if (count < 0) {
        count = 0; // redis 7.0.15 answers an empty array
      }
    }
    int n = (int) Math.min(count, log.size());
    var r = c.reply();
    r.arrayHeader(n);
    for (int i = 0; i < n; i++) {
      LogEntry e = log.get(i);
      r.mapHeader(7);
      r.bulk("count");
      r.integer(e.count);
      r.bulk("reason");
      r.bulk(e.reason);
      r.bulk("context");
      r.bulk(e.context);
      r.bulk("object");
      r.bulk(e.object);
      r.bulk("username");
      r.bulk(e.username);
      r.bulk("age-seconds");
      r.doubleValue((c.now() - e.ctime) / 1000.0);
      r.bulk("client-info");
      r.bulk(e.clientInfo);
    }
  }

  private static void dryrun(CommandContext c) {
    if (!c.argString(2).equals("default")) {
      c.error("ERR User '" + c.argString(2) + "' not found");
      return;
    }
    CommandSpec s = c.core().commands().lookup(c.arg(3));
    if (s == null) {
      c.error("ERR Command '" + c.argString(3) + "' not found");
      return;
    }
    int argc = c.argc() - 3;
    if ((s.arity() > 0 && argc != s.arity()) || argc < -s.arity()) {
      c.error("ERR wrong number of arguments for '" + s.name() + "' command");
      return;
    }
    c.ok(); // default may run every command
  }

  private static void help(CommandContext c) {
    String[] lines = {
      "ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "CAT [<category>]",
      "    List all commands that belong to <category>, or all command categories",
      "    when no category is specified.",
      "DELUSER <username> [<username> ...]",
      "    Delete a list of users.",
      "DRYRUN <username> <command> [<arg> ...]",
      "    Returns whether the user can execute the given command without executing the command.",
      "GETUSER <username>",
      "    Get the user's details.",
      "GENPASS [<bits>]",
      "    Generate a secure 256-bit user password. The optional `bits` argument can",
      "    be used to specify a different size.",
      "LIST",
      "    Show users details in config file format.",
      "LOAD",
      "    Reload users from the ACL file.",
      "LOG [<count> | RESET]",
      "    Show the ACL log entries.",
      "SAVE",
      "    Save the current config to the ACL file.",
      "SETUSER <username> <attribute> [<attribute> ...]",
      "    Create or modify a user with the specified attributes.",
      "USERS",
      "    List all the registered usernames.",
      "WHOAMI",
      "    Return the current connection username.",
      "HELP",
      "    Prints this help."
    };
    c.reply().arrayHeader(lines.length);
    for (String l : lines) {
      c.reply().simple(l);
    }
  }

  static String sha256(String pass) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(pass.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, List<String>> loadCategories() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    var in = AclCommands.class.getResourceAsStream("acl-categories.txt");
    if (in == null) {
      throw new IllegalStateException("acl-categories.txt missing from the jar");
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split(" ");
        out.put(f[0], List.of(f).subList(1, f.length));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
