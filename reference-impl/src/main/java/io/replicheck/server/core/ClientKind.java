package io.replicheck.server.core;

/** What a connection is to the server, as CLIENT LIST TYPE names it. */
public enum ClientKind {
  /** An ordinary client. */
  NORMAL,
  /** The link from this replica to its master: writes allowed, no replies, no expiry deletes. */
  MASTER,
  /** A replica attached to this master (after PSYNC/SYNC). */
  REPLICA
}
