package io.replicheck.fuzz;

import java.util.List;

/**
 * The registry of command families the fuzzer draws from: a family is a file {@code
 * families/<name>.txt} beside this class and one name here.
 */
public final class CommandFamilies {
  private CommandFamilies() {}

  /** Every family, in draw order (seeds depend on it). */
  public static final List<String> NAMES =
      List.of(
          "strings",
          "lists",
          "hashes",
          "sets",
          "keys",
          "zsets",
          "bitmaps",
          "hll",
          "streams",
          "geo",
          "sort",
          "scripts",
          "functions",
          "pubsub");

  public static List<CommandFamily> all() {
    return NAMES.stream().map(CommandFamily::load).toList();
  }

  /** The named families; an unknown name is an IllegalArgumentException naming the known ones. */
  public static List<CommandFamily> of(List<String> names) {
    for (String n : names) {
      if (!NAMES.contains(n)) {
        throw new IllegalArgumentException(
            "unknown command family '" + n + "' (known: " + String.join(", ", NAMES) + ")");
      }
    }
    return names.stream().map(CommandFamily::load).toList();
  }
}
