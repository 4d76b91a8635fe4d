package io.replicheck.proxy.net;

import java.net.InetSocketAddress;

/**
 * Parses Toxiproxy's {@code host:port} addresses ({@code [v6]:port} too; an empty host is
 * loopback).
 */
public final class Addresses {
  private Addresses() {}

  /** An unresolved address; throws {@link IllegalArgumentException} with a message on bad input. */
  public static InetSocketAddress parse(String field, String value) {
    if (value == null || value.isEmpty()) throw new IllegalArgumentException(field + " is empty");
    int colon = value.lastIndexOf(':');
    if (colon < 0)
      throw new IllegalArgumentException(field + " " + value + ": missing port in address");
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    if (host.isEmpty()) host = "127.0.0.1";
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " " + value + ": invalid port");
    }
    if (port < 0 || port > 65535)
      throw new IllegalArgumentException(field + " " + value + ": invalid port");
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** How Go prints a bound address: {@code 127.0.0.1:8666}, {@code [::1]:8666}. */
  public static String format(InetSocketAddress a) {
    String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    if (host.contains(":")) host = "[" + host + "]";
    return host + ":" + a.getPort();
  }
}
