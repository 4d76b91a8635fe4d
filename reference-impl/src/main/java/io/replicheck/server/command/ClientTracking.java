package io.replicheck.server.command;

import io.replicheck.server.core.Client;
import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.Tracking;
import io.replicheck.server.core.Tracking.Mode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT UNBLOCK and the client-side caching subcommands (TRACKING, CACHING, GETREDIR,
 * TRACKINGINFO), with redis 7.0's checks and texts; the modes, the tracking table and the
 * invalidation messages are the core's {@link Tracking}.
 */
final class ClientTracking {
  private ClientTracking() {}

  /** The subcommands' arities (CLIENT's table). */
  static int arity(String sub) {
    return switch (sub) {
      case "unblock", "tracking" -> -3;
      case "caching" -> 3;
      default -> 2;
    };
  }

  static void client(CommandContext c, String sub) {
    switch (sub) {
      case "unblock" -> unblock(c);
      case "tracking" -> tracking(c);
      case "caching" -> caching(c);
      case "getredir" -> {
        Mode m = c.core().tracking().mode(c.client());
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
    long redirect = 0;
    boolean bcast = false;
    boolean optin = false;
    boolean optout = false;
    boolean noloop = false;
    List<String> prefixes = new ArrayList<>();
    for (int j = 3; j < c.argc(); j++) {
      boolean more = c.argc() - 1 - j > 0;
      if (Args.eq(c.arg(j), "redirect") && more) {
        j++;
        if (redirect != 0) {
          c.error("ERR A client can only redirect to a single other client");
          return;
        }
        Long id = c.longArg(j);
        if (id == null) {
          return;
        }
        redirect = id;
        if (c.core().client(redirect) == null) {
          c.error("ERR The client ID you want redirect to does not exist");
          return;
        }
      } else if (Args.eq(c.arg(j), "bcast")) {
        bcast = true;
      } else if (Args.eq(c.arg(j), "optin")) {
        optin = true;
      } else if (Args.eq(c.arg(j), "optout")) {
        optout = true;
      } else if (Args.eq(c.arg(j), "noloop")) {
        noloop = true;
      } else if (Args.eq(c.arg(j), "prefix") && more) {
        j++;
        prefixes.add(new String(c.arg(j), StandardCharsets.ISO_8859_1));
      } else {
        c.syntaxError();
        return;
      }
    }
    Tracking t = c.core().tracking();
    Mode old = t.mode(c.client());
    if (Args.eq(c.arg(2), "on")) {
      if (!bcast && !prefixes.isEmpty()) {
        c.error("ERR PREFIX option requires BCAST mode to be enabled");
        return;
      }
      if (old != null && old.bcast != bcast) {
        c.error(
            "ERR You can't switch BCAST mode on/off before disabling tracking for this client,"
                + " and then re-enabling it with a different mode.");
        return;
      }
      if (bcast && (optin || optout)) {
        c.error("ERR OPTIN and OPTOUT are not compatible with BCAST");
        return;
      }
      if (optin && optout) {
        c.error("ERR You can't specify both OPTIN mode and OPTOUT mode");
        return;
      }
      if (old != null && ((optin && old.optout) || (optout && old.optin))) {
        c.error(
            "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client,"
                + " and then re-enabling it with a different mode.");
        return;
      }
      if (bcast) {
        String collision = t.prefixCollision(c.client(), prefixes);
        if (collision != null) {
          c.error(collision);
          return;
        }
      }
      t.enable(c.client(), redirect, bcast, optin, optout, noloop, prefixes);
    } else if (Args.eq(c.arg(2), "off")) {
      t.disable(c.client());
    } else {
      c.syntaxError();
      return;
    }
    c.ok();
  }

  private static void caching(CommandContext c) {
    Mode m = c.core().tracking().mode(c.client());
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
    } else if (Args.eq(c.arg(2), "no")) {
      if (!m.optout) {
        c.error("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
        return;
      }
    } else {
      c.syntaxError();
      return;
    }
    m.caching = true;
    c.ok();
  }

  private static void trackingInfo(CommandContext c) {
    Mode m = c.core().tracking().mode(c.client());
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
        if (m.caching) {
          flags.add("caching-yes");
        }
      }
      if (m.optout) {
        flags.add("optout");
        if (m.caching) {
          flags.add("caching-no");
        }
      }
      if (m.noloop) {
        flags.add("noloop");
      }
      if (m.brokenRedirect) {
        flags.add("broken_redirect");
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
      m.prefixes.forEach(p -> r.bulk(p.getBytes(StandardCharsets.ISO_8859_1)));
    }
  }
}
