package io.replicheck.server.command;

import io.replicheck.server.core.Client;
import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.PubSub;
import io.replicheck.server.core.PubSub.Kind;
import java.util.List;

/**
 * SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, SSUBSCRIBE, SUNSUBSCRIBE, PUBLISH, SPUBLISH and
 * PUBSUB (pubsub.c), over the core's {@link PubSub} registry. PUBLISH and SPUBLISH are propagated
 * to replicas although they change no key, as redis's forceCommandPropagation does, so a replica's
 * subscribers get what is published on its master.
 */
final class PubSubCommands {
  private PubSubCommands() {}

  static void register(CommandTable t) {
    String subFlags = "pubsub noscript loading stale";
    t.register(CommandSpec.of("subscribe", -2, subFlags, 0, 0, 0, c -> subscribe(c, Kind.CHANNEL)));
    t.register(
        CommandSpec.of("psubscribe", -2, subFlags, 0, 0, 0, c -> subscribe(c, Kind.PATTERN)));
    t.register(CommandSpec.of("ssubscribe", -2, subFlags, 1, -1, 1, c -> subscribe(c, Kind.SHARD)));
    t.register(
        CommandSpec.of("unsubscribe", -1, subFlags, 0, 0, 0, c -> unsubscribe(c, Kind.CHANNEL)));
    t.register(
        CommandSpec.of("punsubscribe", -1, subFlags, 0, 0, 0, c -> unsubscribe(c, Kind.PATTERN)));
    t.register(
        CommandSpec.of("sunsubscribe", -1, subFlags, 1, -1, 1, c -> unsubscribe(c, Kind.SHARD)));
    t.register(
        CommandSpec.of(
            "publish",
            3,
            "pubsub loading stale fast may_replicate",
            0,
            0,
            0,
            c -> publish(c, false)));
    t.register(
        CommandSpec.of(
            "spublish",
            3,
            "pubsub loading stale fast may_replicate",
            1,
            1,
            1,
            c -> publish(c, true)));
    t.register(
        CommandSpec.of("pubsub", -2, "pubsub loading stale", 0, 0, 0, PubSubCommands::pubsub));
  }

  static void subscribe(CommandContext c, Kind kind) {
    if (kind == Kind.SHARD && c.inExec()) {
      // Inside EXEC a client is CLIENT_DENY_BLOCKING; redis still lets (P)SUBSCRIBE through there.
      c.error("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
      return;
    }
    PubSub ps = c.core().pubSub();
    for (int j = 1; j < c.argc(); j++) {
      ps.subscribe(c.client(), kind, c.arg(j));
    }
  }

  static void unsubscribe(CommandContext c, Kind kind) {
    PubSub ps = c.core().pubSub();
    Client me = c.client();
    if (c.argc() == 1) {
      ps.unsubscribeAll(me, kind, true);
    } else {
      for (int j = 1; j < c.argc(); j++) {
        ps.unsubscribe(me, kind, c.arg(j), true);
      }
    }
    ps.leaveModeIfUnsubscribed(me);
  }

  static void publish(CommandContext c, boolean shard) {
    int receivers = c.core().pubSub().publish(c.arg(1), c.arg(2), shard);
    c.forcePropagation();
    c.reply().integer(receivers);
  }

  private static final String[] HELP = {
    "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CHANNELS [<pattern>]",
    "    Return the currently active channels matching a <pattern> (default: '*').",
    "NUMPAT",
    "    Return number of subscriptions to patterns.",
    "NUMSUB [<channel> ...]",
    "    Return the number of subscribers for the specified channels, excluding",
    "    pattern subscriptions(default: no channels).",
    "SHARDCHANNELS [<pattern>]",
    "    Return the currently active shard level channels matching a <pattern> (default: '*').",
    "SHARDNUMSUB [<shardchannel> ...]",
    "    Return the number of subscribers for the specified shard level channel(s)",
    "HELP",
    "    Prints this help."
  };

  /** PUBSUB: a container command; its subcommands' arities as redis 7.0's table has them. */
  static void pubsub(CommandContext c) {
    String sub = c.argLower(1);
    int arity =
        switch (sub) {
          case "help", "numpat" -> 2;
          case "channels", "numsub", "shardchannels", "shardnumsub" -> -2;
          default -> 0;
        };
    if (arity == 0) {
      c.error("ERR unknown subcommand '" + c.argString(1) + "'. Try PUBSUB HELP.");
      return;
    }
    if ((arity > 0 && c.argc() != arity) || c.argc() < -arity) {
      c.error("ERR wrong number of arguments for 'pubsub|" + sub + "' command");
      return;
    }
    PubSub ps = c.core().pubSub();
    switch (sub) {
      case "help" -> {
        c.reply().arrayHeader(HELP.length);
        for (String l : HELP) {
          c.reply().simple(l);
        }
      }
      case "numpat" -> c.reply().integer(ps.numPat());
      case "channels", "shardchannels" -> {
        if (c.argc() > 3) {
          subcommandSyntaxError(c);
          return;
        }
        List<byte[]> names = ps.channels(c.argc() == 3 ? c.arg(2) : null, sub.startsWith("s"));
        c.reply().arrayHeader(names.size());
        names.forEach(c.reply()::bulk);
      }
      default -> { // numsub, shardnumsub
        boolean shard = sub.startsWith("s");
        c.reply().arrayHeader((c.argc() - 2) * 2);
        for (int j = 2; j < c.argc(); j++) {
          c.reply().bulk(c.arg(j));
          c.reply().integer(ps.numSub(c.arg(j), shard));
        }
      }
    }
  }

  private static void subcommandSyntaxError(CommandContext c) {
    c.error(
        "ERR unknown subcommand or wrong number of arguments for '"
            + c.argString(1)
            + "'. Try PUBSUB HELP.");
  }
}
