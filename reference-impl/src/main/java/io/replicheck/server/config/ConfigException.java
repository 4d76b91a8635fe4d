package io.replicheck.server.config;

/** A bad configuration value or directive; the message is what redis prints for it. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
