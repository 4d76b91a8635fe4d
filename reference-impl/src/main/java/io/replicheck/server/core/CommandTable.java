package io.replicheck.server.core;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Commands by lower-case name. Other packages add theirs with {@link #register}. */
public final class CommandTable {
  private final Map<String, CommandSpec> byName = new HashMap<>();

  public synchronized void register(CommandSpec spec) {
    byName.put(spec.name(), spec);
  }

  public CommandSpec lookup(String lowerName) {
    return byName.get(lowerName);
  }

  /** Looks up argv[0] case-insensitively. */
  public CommandSpec lookup(byte[] name) {
    if (name.length > 32) {
      return null;
    }
    char[] c = new char[name.length];
    for (int i = 0; i < name.length; i++) {
      int b = name[i] & 0xff;
      c[i] = (char) (b >= 'A' && b <= 'Z' ? b + 32 : b);
    }
    return byName.get(new String(c));
  }

  public Collection<CommandSpec> all() {
    return List.copyOf(byName.values());
  }

  public int size() {
    return byName.size();
  }

  static String lower(byte[] b) {
    return new String(b, StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
  }
}
