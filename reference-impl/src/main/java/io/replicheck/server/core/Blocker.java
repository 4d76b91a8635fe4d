package io.replicheck.server.core;

/**
 * Why a client is blocked and what happens on timeout. While a client is blocked its further
 * pipelined commands wait. Other packages block clients too (replication's WAIT): call {@link
 * Blocking#block} and later {@link Blocking#unblock} after writing the reply.
 */
public abstract class Blocker {
  /** Absolute time in ms at which {@link #onTimeout} fires; 0 = never. */
  protected final long timeoutAt;

  protected Blocker(long timeoutAt) {
    this.timeoutAt = timeoutAt;
  }

  public long timeoutAt() {
    return timeoutAt;
  }

  /** Writes the timeout reply; the core unblocks the client afterwards. */
  public abstract void onTimeout(Client c);

  /** Called when the client disconnects or is unblocked, to drop any registration. */
  public void onUnblock(Client c) {}
}
