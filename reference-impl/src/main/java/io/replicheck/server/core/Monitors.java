package io.replicheck.server.core;

import io.replicheck.server.resp.RespParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Clients in MONITOR mode and what they are shown (replicationFeedMonitors): every command a client
 * ran, after it ran, as {@code <sec>.<usec> [<db> <addr>] "arg" ...} with sdscatrepr quoting;
 * scripts' own calls as {@code [<db> lua]}. Admin commands (and admin subcommands) are not shown,
 * nor are commands refused before they ran; secrets (AUTH, HELLO AUTH, MIGRATE AUTH/AUTH2) are
 * shown as {@code (redacted)}.
 */
public final class Monitors {
  /** Subcommands redis 7.0 flags admin although their container is not (COMMAND INFO). */
  private static final Set<String> ADMIN_SUBCOMMANDS =
      Set.of(
          "client|kill",
          "client|list",
          "client|no-evict",
          "client|pause",
          "client|unblock",
          "client|unpause",
          "config|get",
          "config|resetstat",
          "config|rewrite",
          "config|set",
          "latency|doctor",
          "latency|graph",
          "latency|histogram",
          "latency|history",
          "latency|latest",
          "latency|reset",
          "slowlog|get",
          "slowlog|len",
          "slowlog|reset",
          "acl|deluser",
          "acl|dryrun",
          "acl|getuser",
          "acl|list",
          "acl|load",
          "acl|log",
          "acl|save",
          "acl|setuser",
          "acl|users");

  /** Commands that feed the monitors themselves, before their own calls (evalCommand). */
  private static final Set<String> FEED_BEFORE =
      Set.of("eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro");

  private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

  private final List<Client> monitors = new ArrayList<>();
  private final Clock clock;

  Monitors(Clock clock) {
    this.clock = clock;
  }

  /** MONITOR: from now on the client sees every command. */
  public void add(Client c) {
    if (!c.monitor) {
      c.monitor = true;
      monitors.add(c);
    }
  }

  /** The client left MONITOR mode (RESET) or closed. */
  public void remove(Client c) {
    if (c.monitor) {
      c.monitor = false;
      monitors.remove(c);
    }
  }

  public int count() {
    return monitors.size();
  }

  /** After a command ran: shows it unless it is an admin command or feeds itself first. */
  void afterCall(Client c, int db, CommandSpec spec, byte[][] argv) {
    if (monitors.isEmpty()
        || spec.has(CommandFlag.ADMIN)
        || spec.has(CommandFlag.SKIP_MONITOR)
        || ADMIN_SUBCOMMANDS.contains(ServerCore.fullName(spec, argv))) {
      return;
    }
    feed(c, db, argv);
  }

  /** Before a command ran: the scripts' commands, so that their calls appear after them. */
  void beforeCall(Client c, int db, CommandSpec spec, byte[][] argv) {
    if (!monitors.isEmpty() && FEED_BEFORE.contains(spec.name())) {
      feed(c, db, argv);
    }
  }

  private void feed(Client c, int db, byte[][] argv) {
    long ms = clock.currentTimeMillis();
    StringBuilder b = new StringBuilder();
    b.append(ms / 1000).append('.').append(String.format("%06d", (ms % 1000) * 1000));
    b.append(" [").append(db).append(' ').append(c.conn.remoteAddress()).append("] ");
    byte[][] shown = redact(argv);
    for (int j = 0; j < shown.length; j++) {
      RespParser.repr(b, shown[j]);
      if (j != shown.length - 1) {
        b.append(' ');
      }
    }
    String line = b.toString();
    for (Client m : List.copyOf(monitors)) {
      if (!m.closed) {
        m.reply().simple(line);
      }
    }
  }

  /** The arguments as redis shows them: passwords replaced (redactClientCommandArgument). */
  static byte[][] redact(byte[][] argv) {
    String name = new String(argv[0], StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
    byte[][] out = argv;
    switch (name) {
      case "auth" -> {
        out = argv.clone();
        for (int j = 1; j < out.length; j++) {
          out[j] = REDACTED;
        }
      }
      case "hello" -> {
        for (int j = 2; j < argv.length; j++) {
          if (is(argv[j], "auth") && j + 2 < argv.length) {
            out = out == argv ? argv.clone() : out;
            out[j + 1] = REDACTED;
            out[j + 2] = REDACTED;
            j += 2;
          } else if (is(argv[j], "setname") && j + 1 < argv.length) {
            j++;
          }
        }
      }
      case "migrate" -> {
        for (int j = 6; j < argv.length; j++) {
          if (is(argv[j], "auth") && j + 1 < argv.length) {
            out = out == argv ? argv.clone() : out;
            out[j + 1] = REDACTED;
            j++;
          } else if (is(argv[j], "auth2") && j + 2 < argv.length) {
            out = out == argv ? argv.clone() : out;
            out[j + 1] = REDACTED;
            out[j + 2] = REDACTED;
            j += 2;
          } else if (is(argv[j], "keys")) {
            break;
          }
        }
      }
      default -> {}
    }
    return out;
  }

  private static boolean is(byte[] arg, String lower) {
    return new String(arg, StandardCharsets.UTF_8).equalsIgnoreCase(lower);
  }
}
