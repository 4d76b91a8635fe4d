package io.replicheck.proxy;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.replicheck.proxy.api.ApiServer;
import io.replicheck.proxy.api.ProxySpecs;
import io.replicheck.proxy.net.TcpProxy;
import io.replicheck.proxy.net.Transport;
import io.replicheck.proxy.toxic.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The chaos proxy, in-process: Toxiproxy's HTTP API on {@code host:apiPort} and the proxies it
 * manages. Drive it with any Toxiproxy client at {@link #apiUrl()}, or directly through {@link
 * #proxies()}. Closing it stops every proxy and connection.
 *
 * <pre>{@code
 * try (ChaosProxyServer chaos = ChaosProxyServer.start("127.0.0.1", 0, 42)) {
 *   ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", chaos.apiPort());
 *   Proxy p = client.createProxy("redis", "127.0.0.1:0", "127.0.0.1:6380");
 * }
 * }</pre>
 */
public final class ChaosProxyServer implements AutoCloseable {
  private final EventLoopGroup group;
  private final ProxyCollection proxies;
  private final ApiServer api;
  private final long seed;

  private ChaosProxyServer(
      EventLoopGroup group, ProxyCollection proxies, ApiServer api, long seed) {
    this.group = group;
    this.proxies = proxies;
    this.api = api;
    this.seed = seed;
  }

  /**
   * Starts the API on {@code host:apiPort} (0 = any free port). The seed makes toxicity rolls,
   * jitter and slicing repeat from run to run.
   *
   * @throws UncheckedIOException if the API port cannot be bound
   */
  public static ChaosProxyServer start(String host, int apiPort, long seed) {
    EventLoopGroup group =
        Transport.group(
            Integer.getInteger("replicheck.proxy.threads", 2),
            new DefaultThreadFactory("chaos-proxy", true));
    ProxyCollection proxies = new ProxyCollection(group, new Seeds(seed));
    try {
      ApiServer api = ApiServer.start(host, apiPort, proxies);
      return new ChaosProxyServer(group, proxies, api, seed);
    } catch (IOException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new UncheckedIOException(
          "cannot listen on " + host + ":" + apiPort + ": " + e.getMessage(), e);
    }
  }

  /** The API's port (the real one when started with 0). */
  public int apiPort() {
    return api.port();
  }

  /** The API's address, e.g. {@code http://127.0.0.1:8474}. */
  public String apiUrl() {
    return "http://" + api.host() + ":" + api.port();
  }

  public String apiHost() {
    return api.host();
  }

  public long seed() {
    return seed;
  }

  /** The proxies, for callers in this JVM that would rather not go through HTTP. */
  public ProxyCollection proxies() {
    return proxies;
  }

  /**
   * Creates and starts a proxy (listen {@code 127.0.0.1:0} picks a free port; see {@link
   * TcpProxy#listenPort()}).
   */
  public TcpProxy createProxy(String name, String listen, String upstream) {
    return proxies.create(new ProxyCollection.Spec(name, listen, upstream, true));
  }

  /** The proxy of that name; {@link ProxyException} (404) if none. */
  public TcpProxy proxy(String name) {
    return proxies.get(name);
  }

  public void deleteProxy(String name) {
    proxies.delete(name);
  }

  /** Toxiproxy's reset: every proxy enabled, every toxic gone. */
  public void reset() {
    proxies.reset();
  }

  /**
   * Creates the proxies a toxiproxy-server {@code -config} file lists (a JSON array, as POST
   * /populate takes).
   *
   * @throws ProxyException on a bad file or a proxy that cannot listen
   */
  public List<TcpProxy> populate(Path config) throws IOException {
    return proxies.populate(ProxySpecs.parse(Files.readAllBytes(config)));
  }

  /** Stops the API, every proxy and every connection. */
  @Override
  public void close() {
    api.close();
    proxies.stopAll();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
