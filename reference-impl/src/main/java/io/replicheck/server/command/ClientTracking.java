package io.replicheck.server.command;

import io.replicheck.server.core.Client;
import io.replicheck.server.core.CommandContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * CLIENT UNBLOCK and the client-side caching subcommands (TRACKING, CACHING, GETREDIR,
 * TRACKINGINFO). Tracking modes are validated and remembered as redis 7.0 does, but no invalidation
 * messages are sent: this server keeps no tracking table (a difference listed in the docs).
 */
final class ClientTracking {
  private ClientTracking() {}

  /** One client's tracking mode. */
  private static final class Mode {
    long redirect;
    boolean bcast;
    boolean optin;
    boolean optout;
    boolean noloop;
    Boolean caching;
    final List<String> prefixes = new ArrayList<>();
  }

  /** The subcommands' arities (CLIENT's table). */
  static int arity(String sub) {
    return switch (sub) {
      case "unblock", "tracking" -> -3;
      case "caching" -> 3;
      default -> 2;
    };
  }

  private static final Map<Client, Mode> MODES = Collections.synchronizedMap(new WeakHashMap<>());

  static void client(CommandContext c, String sub) {
    switch (sub) {
      case "unblock" -> unblock(c);
      case "tracking" -> tracking(c);
      case "caching" -> caching(c);
      case "getredir" -> {
        Mode m = MODES.get(c.client());
        c.reply().integer(m == null ? -1 : m.redirect);
      }
      default -> trackingInfo(c);
    }
  }

  private static void unblock(CommandContext c) {
    Long id = c.longArg(2);
    if (id == null) {
      return;
    }
    boolean error = false;
    if (c.argc() == 4) {
      if (Args.eq(c.arg(3), "error")) {
        error = true;
      } else if (!Args.eq(c.arg(3), "timeout")) {
        c.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
        return;
      }
    }
    Client target = c.core().client(id);
    if (target == null || target.blocker() == null) {
      c.reply().integer(0);
      return;
    }
    if (target.blocker().getClass().getSimpleName().equals("PauseBlocker")) {
      c.reply().integer(0); // held by CLIENT PAUSE: not blocked by a command
      return;
    }
    if (error) {
      target.reply().error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
    } else {
      target.blocker().onTimeout(target);
    }
    c.core().blocking().unblock(target);
    c.reply().integer(1);
  }

  private static void tracking(CommandContext c) {
    boolean on;
    if (Args.eq(c.arg(2), "on")) {
      on = true;
    } else if (Args.eq(c.arg(2), "off")) {
      on = false;
    } else {
      c.syntaxError();
      return;
    }
    Mode m = new Mode();
    for (int j = 3; j < c.argc(); j++) {
      int left = c.argc() - j - 1;
      if (Args.eq(c.arg(j), "redirect") && left >= 1) {
        if (m.redirect != 0) {
          c.error("ERR A client can only redirect to a single other client");
          return;
        }
        Long id = c.longArg(j + 1);
        if (id == null) {
          return;
        }
        if (id == c.client().id()) {
          c.error("ERR A client can only redirect to a different client");
          return;
        }
        if (c.core().client(id) == null) {
          c.error("ERR The client ID you want redirect to does not exist");
          return;
        }
        m.redirect = id;
        j++;
      } else if (Args.eq(c.arg(j), "bcast")) {
        m.bcast = true;
      } else if (Args.eq(c.arg(j), "optin")) {
        m.optin = true;
      } else if (Args.eq(c.arg(j), "optout")) {
        m.optout = true;
      } else if (Args.eq(c.arg(j), "noloop")) {
        m.noloop = true;
      } else if (Args.eq(c.arg(j), "prefix") && left >= 1) {
        m.prefixes.add(c.argString(j + 1));
        j++;
      } else {
        c.syntaxError();
        return;
      }
    }
    if (!on) {
      MODES.remove(c.client());
      c.ok();
      return;
    }
    if (!m.bcast && !m.prefixes.isEmpty()) {
      c.error("ERR PREFIX option requires BCAST mode to be enabled");
      return;
    }
    if (m.optin && m.optout) {
      c.error("ERR You can't use both OPTIN and OPTOUT");
      return;
    }
    if ((m.optin || m.optout) && m.bcast) {
      c.error("ERR OPTIN and OPTOUT are not compatible with BCAST");
      return;
    }
    MODES.put(c.client(), m);
    c.ok();
  }

  private static void caching(CommandContext c) {
    Mode m = MODES.get(c.client());
    if (m == null) {
      c.error(
          "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN"
              + " or OPTOUT mode enabled");
      return;
    }
    if (Args.eq(c.arg(2), "yes")) {
      if (!m.optin) {
        c.error("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
        return;
      }
      m.caching = true;
    } else if (Args.eq(c.arg(2), "no")) {
      if (!m.optout) {
        c.error("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
        return;
      }
      m.caching = false;
    } else {
      c.syntaxError();
      return;
    }
    c.ok();
  }

  private static void trackingInfo(CommandContext c) {
    Mode m = MODES.get(c.client());
    List<String> flags = new ArrayList<>();
    if (m == null) {
      flags.add("off");
    } else {
      flags.add("on");
      if (m.bcast) {
        flags.add("bcast");
      }
      if (m.optin) {
        flags.add("optin");
      }
      if (m.optout) {
        flags.add("optout");
      }
      if (m.caching != null) {
        flags.add(m.caching ? "caching-yes" : "caching-no");
      }
      if (m.noloop) {
        flags.add("noloop");
      }
    }
    var r = c.reply();
    r.mapHeader(3);
    r.bulk("flags");
    r.setHeader(flags.size());
    flags.forEach(r::bulk);
    r.bulk("redirect");
    r.integer(m == null ? -1 : m.redirect);
    r.bulk("prefixes");
    r.arrayHeader(m == null ? 0 : m.prefixes.size());
    if (m != null) {
      m.prefixes.forEach(r::bulk);
    }
  }
}
