package io.replicheck.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One command and the shape of its arguments, parsed from a family file line such as {@code ZADD
 * key opt:NX|XX opt:CH rep:score,member}, optionally followed by {@code | unordered}, {@code |
 * shape} or {@code | payload} (the {@link ReplyMode}). Argument tokens are those {@link
 * FuzzGenerator} knows. A line that starts with {@code sub>} is sent on the fuzzer's second
 * connection, the subscriber ({@code subscriber} true).
 */
public record CommandShape(String name, List<String> tokens, ReplyMode mode, boolean subscriber) {

  public CommandShape(String name, List<String> tokens, ReplyMode mode) {
    this(name, tokens, mode, false);
  }

  /** Parses one line of a family file. */
  public static CommandShape parse(String text) {
    boolean sub = text.startsWith("sub>");
    String line = sub ? text.substring(4).strip() : text;
    String spec = line;
    ReplyMode mode = ReplyMode.EXACT;
    int bar = line.lastIndexOf(" | ");
    if (bar >= 0) {
      spec = line.substring(0, bar);
      mode = ReplyMode.valueOf(line.substring(bar + 3).trim().toUpperCase(Locale.ROOT));
    }
    List<String> parts = new ArrayList<>(Arrays.asList(spec.trim().split("\\s+")));
    String name = parts.remove(0);
    for (String t : parts) {
      if (!FuzzGenerator.knows(t)) {
        throw new IllegalArgumentException("unknown argument token '" + t + "' in: " + line);
      }
    }
    return new CommandShape(name.toUpperCase(Locale.ROOT), List.copyOf(parts), mode, sub);
  }
}
