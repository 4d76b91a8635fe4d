package io.replicheck.server.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT PAUSE: until its end, normal clients' commands (all of them, or only writes and EXECs
 * holding writes) wait, held as blocked clients, and run in order once the pause ends.
 */
public final class ClientPause {
  private final ServerCore core;
  private long pauseEndMs;
  private boolean pauseAll;

  /** A coordinated failover pauses writes until it ends, apart from CLIENT PAUSE (redis 6.2+). */
  private boolean failoverPause;

  private final ArrayDeque<Client> pausedClients = new ArrayDeque<>();

  ClientPause(ServerCore core) {
    this.core = core;
  }

  /** CLIENT PAUSE: until {@code endMs}, all commands (all=true) or only writes wait. */
  public void pause(long endMs, boolean all) {
    pauseEndMs = endMs;
    pauseAll = all;
  }

  public void unpause() {
    pauseEndMs = 0;
    resumePaused();
  }

  /**
   * FAILOVER's own write pause, on until the failover ends; CLIENT UNPAUSE does not end it. Clients
   * held only by it run once it is off.
   */
  public void failoverPause(boolean on) {
    failoverPause = on;
    if (!on) {
      resumePaused();
    }
  }

  public boolean writesPaused() {
    return failoverPause || pauseEndMs > core.clock().currentTimeMillis();
  }

  boolean isPausedFor(Client c, CommandSpec spec, long now) {
    boolean clientPause = pauseEndMs > now;
    if ((!clientPause && !failoverPause) || c.kind != ClientKind.NORMAL) {
      return false;
    }
    if (clientPause && pauseAll) {
      return true;
    }
    if (spec.isWrite() || spec.has(CommandFlag.MAY_REPLICATE)) {
      return true;
    }
    if (spec.name().equals("exec") && c.queued != null) {
      for (byte[][] q : c.queued) {
        CommandSpec s = core.commands().lookup(q[0]);
        if (s != null && s.isWrite()) {
          return true;
        }
      }
    }
    return false;
  }

  /** Holds the client's command until the pause ends. */
  void hold(Client c, byte[][] argv) {
    // Counted in blocked_clients, as redis counts its paused clients.
    core.blocking().block(c, new PauseBlocker(argv));
    pausedClients.add(c);
  }

  void forget(Client c) {
    pausedClients.remove(c);
  }

  /** Resumes the held clients once the pause is over. */
  void check(long now) {
    if (!pausedClients.isEmpty() && pauseEndMs <= now && pauseEndMs != 0) {
      pauseEndMs = 0;
      resumePaused();
    }
  }

  private void resumePaused() {
    List<Client> waiting = new ArrayList<>(pausedClients);
    pausedClients.clear();
    for (Client c : waiting) {
      if (!(c.blocker instanceof PauseBlocker pb)) {
        continue;
      }
      core.blocking().removeBlocked(c);
      core.process(c, pb.argv);
      if (c.blocker == null) {
        c.conn.flushSoon();
        c.conn.unblocked();
      }
    }
  }

  /** A client whose command waits for CLIENT PAUSE to end. */
  static final class PauseBlocker extends Blocker {
    final byte[][] argv;

    PauseBlocker(byte[][] argv) {
      super(0);
      this.argv = argv;
    }

    @Override
    public void onTimeout(Client c) {}
  }
}
