package io.replicheck.proxy;

/** A request the proxy refuses, with Toxiproxy's HTTP status for it (400, 404, 409, 500). */
public final class ProxyException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public ProxyException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  static ProxyException badRequest(String message) {
    return new ProxyException(400, message);
  }

  static ProxyException proxyNotFound() {
    return new ProxyException(404, "proxy not found");
  }

  static ProxyException toxicNotFound() {
    return new ProxyException(404, "toxic not found");
  }
}
