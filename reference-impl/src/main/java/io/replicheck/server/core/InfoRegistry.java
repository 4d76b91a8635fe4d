package io.replicheck.server.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * INFO sections in redis's order. Each section appends {@code field:value\r\n} lines; another
 * package replaces a section ({@code replication}) or adds one with {@link #put}.
 */
public final class InfoRegistry {
  /**
   * A section: its title as printed after "# ", whether INFO without arguments shows it, and its
   * lines.
   */
  public record Section(String title, boolean inDefault, Consumer<StringBuilder> writer) {}

  private final Map<String, Section> sections = new LinkedHashMap<>();

  /** Adds or replaces section {@code name} (lower case), keeping its place if it existed. */
  public synchronized void put(String name, Section s) {
    sections.put(name.toLowerCase(Locale.ROOT), s);
  }

  /** The INFO text for these arguments (none/default, all, everything, or section names). */
  public synchronized String render(List<String> args) {
    List<String> names = new ArrayList<>();
    boolean all = false;
    boolean dflt = args.isEmpty();
    for (String a : args) {
      String l = a.toLowerCase(Locale.ROOT);
      if (l.equals("all") || l.equals("everything")) {
        all = true;
      } else if (l.equals("default")) {
        dflt = true;
      } else {
        names.add(l);
      }
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Section> e : sections.entrySet()) {
      Section s = e.getValue();
      boolean want = all || names.contains(e.getKey()) || (dflt && s.inDefault());
      if (!want) {
        continue;
      }
      if (out.length() > 0) {
        out.append("\r\n");
      }
      out.append("# ").append(s.title()).append("\r\n");
      s.writer().accept(out);
    }
    return out.toString();
  }
}
