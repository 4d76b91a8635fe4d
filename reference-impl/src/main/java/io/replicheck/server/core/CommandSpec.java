package io.replicheck.server.core;

import java.util.EnumSet;
import java.util.Set;

/**
 * A command table entry, as redis describes commands: arity (positive = exact, negative = minimum,
 * counting the name), flags, and the key positions (first, last, step; last -1 = to the end) that
 * COMMAND reports.
 */
public record CommandSpec(
    String name,
    int arity,
    Set<CommandFlag> flags,
    int firstKey,
    int lastKey,
    int step,
    CommandHandler handler) {

  public CommandSpec {
    name = name.toLowerCase(java.util.Locale.ROOT);
    flags = flags.isEmpty() ? EnumSet.noneOf(CommandFlag.class) : EnumSet.copyOf(flags);
  }

  public static CommandSpec of(
      String name,
      int arity,
      String flags,
      int firstKey,
      int lastKey,
      int step,
      CommandHandler handler) {
    EnumSet<CommandFlag> f = EnumSet.noneOf(CommandFlag.class);
    for (String s : flags.split(" ")) {
      if (!s.isBlank()) {
        f.add(CommandFlag.valueOf(s.toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
      }
    }
    return new CommandSpec(name, arity, f, firstKey, lastKey, step, handler);
  }

  public boolean has(CommandFlag f) {
    return flags.contains(f);
  }

  public boolean isWrite() {
    return flags.contains(CommandFlag.WRITE);
  }
}
