package io.replicheck.cluster;

/** A cluster could not do what was asked (a node did not start, a binary is missing, ...). */
public final class ClusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClusterException(String message) {
    super(message);
  }

  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
