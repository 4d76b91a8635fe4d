package io.replicheck.server.replication;

import java.util.Optional;

/**
 * Which {@link InjectedBug} is on, at most one; none by default. Shared by the network thread that
 * handles CONFIG SET and the core, hence volatile.
 */
public final class BugSwitch {
  private volatile InjectedBug active;

  /** A switch with no bug on. */
  public BugSwitch() {}

  /** A switch with {@code bug} on; for tests. */
  public static BugSwitch of(InjectedBug bug) {
    BugSwitch s = new BugSwitch();
    s.active = bug;
    return s;
  }

  /** True when {@code bug} is the active one. */
  public boolean isOn(InjectedBug bug) {
    return active == bug;
  }

  public Optional<InjectedBug> active() {
    return Optional.ofNullable(active);
  }

  /** The config value: the active bug's name, or {@code none}. */
  public String configValue() {
    InjectedBug b = active;
    return b == null ? "none" : b.configName();
  }

  /**
   * Sets the active bug from its config name ({@code none} clears it).
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public void set(String name) {
    active = InjectedBug.parse(name).orElse(null);
  }
}
