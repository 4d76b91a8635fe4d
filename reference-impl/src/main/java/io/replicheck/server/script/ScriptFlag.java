package io.replicheck.server.script;

import java.util.EnumSet;
import java.util.Set;

/** The flags of a script shebang ({@code #!lua flags=...}) or of a registered function. */
public enum ScriptFlag {
  NO_WRITES("no-writes"),
  ALLOW_OOM("allow-oom"),
  ALLOW_STALE("allow-stale"),
  NO_CLUSTER("no-cluster"),
  ALLOW_CROSS_SLOT_KEYS("allow-cross-slot-keys");

  private final String redisName;

  ScriptFlag(String redisName) {
    this.redisName = redisName;
  }

  public String redisName() {
    return redisName;
  }

  /** The flag of this name, or null. */
  public static ScriptFlag of(String name) {
    for (ScriptFlag f : values()) {
      if (f.redisName.equals(name)) {
        return f;
      }
    }
    return null;
  }

  /** An empty set to add to. */
  public static Set<ScriptFlag> none() {
    return EnumSet.noneOf(ScriptFlag.class);
  }
}
