package io.replicheck.proxy.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.Future;
import io.replicheck.proxy.ProxyException;
import io.replicheck.proxy.toxic.Direction;
import io.replicheck.proxy.toxic.Seeds;
import io.replicheck.proxy.toxic.ToxicSpec;
import io.replicheck.proxy.toxic.ToxicType;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxy (Toxiproxy's Proxy): a name, the address it listens on, the upstream it dials, whether
 * it is enabled, its toxics, and the connections through it.
 *
 * <p>Locking: API calls hold this object's monitor (and may wait on event loops); the event loops
 * only take {@link #state}, briefly, so they never wait on an API call.
 */
public final class TcpProxy {
  private static final long APPLY_TIMEOUT_MS = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(TcpProxy.class);

  private final String name;
  private final EventLoopGroup group;
  private final Seeds seeds;
  private final Object state = new Object();
  private String listen;
  private String upstream;
  private boolean enabled;
  private Channel listener;
  private List<ToxicSpec> toxics = List.of();
  private final Set<ProxyConnection> connections = new LinkedHashSet<>();
  private long connectionCount;
  private InetSocketAddress upstreamAddress;

  public TcpProxy(String name, String listen, String upstream, EventLoopGroup group, Seeds seeds) {
    this.name = name;
    this.listen = listen;
    this.upstream = upstream;
    this.group = group;
    this.seeds = seeds;
    this.upstreamAddress = Addresses.parse("upstream", upstream);
    Addresses.parse("listen", listen);
  }

  public String name() {
    return name;
  }

  public synchronized String listen() {
    return listen;
  }

  /** The port of {@link #listen()} (the real one once listening on port 0). */
  public synchronized int listenPort() {
    return Addresses.parse("listen", listen).getPort();
  }

  public synchronized String upstream() {
    return upstream;
  }

  public synchronized boolean enabled() {
    return enabled;
  }

  Seeds seeds() {
    return seeds;
  }

  /**
   * Toxics as Toxiproxy lists them: the upstream chain, then the downstream chain, each in order
   * added.
   */
  public List<ToxicSpec> toxics() {
    synchronized (state) {
      List<ToxicSpec> out = new ArrayList<>();
      for (Direction d : Direction.values()) {
        for (ToxicSpec t : toxics) if (t.stream() == d) out.add(t);
      }
      return out;
    }
  }

  public ToxicSpec toxic(String toxicName) {
    synchronized (state) {
      for (ToxicSpec t : toxics) if (t.name().equals(toxicName)) return t;
      return null;
    }
  }

  /** Connections open now. */
  public int connectionCount() {
    synchronized (state) {
      return connections.size();
    }
  }

  /** Listens (if not refused by a partition) and marks the proxy enabled. */
  public synchronized void start() {
    enabled = true;
    reconcileListener();
  }

  /** Stops listening and closes every connection through the proxy. */
  public synchronized void stop() {
    enabled = false;
    unbind();
    List<ProxyConnection> open;
    synchronized (state) {
      open = new ArrayList<>(connections);
      connections.clear();
    }
    for (ProxyConnection c : open) c.close();
  }

  /**
   * Toxiproxy's update: a new listen address or upstream restarts the proxy; enabled starts or
   * stops it.
   */
  public synchronized void update(String newListen, String newUpstream, boolean newEnabled) {
    InetSocketAddress up = Addresses.parse("upstream", newUpstream);
    Addresses.parse("listen", newListen);
    boolean moved = !newListen.equals(listen) || !newUpstream.equals(upstream);
    if (moved && enabled) stop();
    listen = newListen;
    upstream = newUpstream;
    upstreamAddress = up;
    if (newEnabled && (!enabled || moved)) {
      start();
    } else if (!newEnabled && enabled) {
      stop();
    }
  }

  public synchronized void addToxic(ToxicSpec spec) {
    synchronized (state) {
      for (ToxicSpec t : toxics) {
        if (t.name().equals(spec.name())) throw new ProxyException(409, "toxic already exists");
      }
      List<ToxicSpec> next = new ArrayList<>(toxics);
      next.add(spec);
      toxics = List.copyOf(next);
    }
    applyToxics();
  }

  /** Merges attributes (and the toxicity if given) into a toxic, as Toxiproxy's update does. */
  public synchronized ToxicSpec updateToxic(
      String toxicName, Map<String, Long> attributes, Double toxicity) {
    ToxicSpec updated;
    synchronized (state) {
      List<ToxicSpec> next = new ArrayList<>(toxics);
      int i = indexOf(toxicName);
      if (i < 0) throw new ProxyException(404, "toxic not found");
      try {
        updated = next.get(i).merge(attributes, toxicity);
      } catch (IllegalArgumentException e) {
        throw new ProxyException(400, "bad request body: " + e.getMessage());
      }
      next.set(i, updated);
      toxics = List.copyOf(next);
    }
    applyToxics();
    return updated;
  }

  public synchronized void removeToxic(String toxicName) {
    synchronized (state) {
      int i = indexOf(toxicName);
      if (i < 0) throw new ProxyException(404, "toxic not found");
      List<ToxicSpec> next = new ArrayList<>(toxics);
      next.remove(i);
      toxics = List.copyOf(next);
    }
    applyToxics();
  }

  public synchronized void removeAllToxics() {
    synchronized (state) {
      if (toxics.isEmpty()) return;
      toxics = List.of();
    }
    applyToxics();
  }

  private int indexOf(String toxicName) {
    for (int i = 0; i < toxics.size(); i++) if (toxics.get(i).name().equals(toxicName)) return i;
    return -1;
  }

  /** Pushes the toxic list to every open connection and waits (bounded) until each applied it. */
  private void applyToxics() {
    List<ToxicSpec> now;
    List<ProxyConnection> open;
    synchronized (state) {
      now = toxics;
      open = new ArrayList<>(connections);
    }
    LOG.info("proxy {} toxics now {} ({} open connections)", name, now, open.size());
    List<Future<?>> pending = new ArrayList<>();
    for (ProxyConnection c : open) pending.add(c.applyToxics(forSource(now, c.source())));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(APPLY_TIMEOUT_MS);
    for (Future<?> f : pending) {
      f.awaitUninterruptibly(
          Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
    if (enabled) reconcileListener();
  }

  /** A partition toxic with refuse_new=1 keeps the listener closed: new connections are refused. */
  private boolean refusing() {
    synchronized (state) {
      for (ToxicSpec t : toxics) {
        if (t.type() == ToxicType.PARTITION && t.attr("refuse_new") == 1 && !t.bySource())
          return true;
      }
      return false;
    }
  }

  private void reconcileListener() {
    boolean want = enabled && !refusing();
    if (want && listener == null) {
      bind();
    } else if (!want && listener != null) {
      unbind();
    }
  }

  private void bind() {
    InetSocketAddress requested = Addresses.parse("listen", listen);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(Transport.serverChannel())
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    accept(ch);
                  }
                });
    InetSocketAddress resolved =
        new InetSocketAddress(requested.getHostString(), requested.getPort());
    if (resolved.isUnresolved()) {
      enabled = false;
      throw new ProxyException(
          500, "listen tcp " + listen + ": lookup " + requested.getHostString() + ": no such host");
    }
    ChannelFuture f = b.bind(resolved).awaitUninterruptibly();
    if (!f.isSuccess()) {
      enabled = false;
      String why = f.cause() == null ? "failed" : f.cause().getMessage();
      throw new ProxyException(500, "listen tcp " + listen + ": bind: " + why);
    }
    listener = f.channel();
    listen = Addresses.format((InetSocketAddress) listener.localAddress());
    LOG.info("proxy {} listening on {}, upstream {}", name, listen, upstream);
  }

  private void unbind() {
    if (listener == null) return;
    listener.close().awaitUninterruptibly(APPLY_TIMEOUT_MS);
    listener = null;
    LOG.info("proxy {} stopped listening on {}", name, listen);
  }

  /** The toxics that act on connections from {@code source} (see {@link ToxicSpec#appliesTo}). */
  private static List<ToxicSpec> forSource(List<ToxicSpec> all, java.net.InetAddress source) {
    if (all.stream().noneMatch(ToxicSpec::bySource)) return all;
    return all.stream().filter(t -> t.appliesTo(source)).toList();
  }

  private void accept(SocketChannel ch) {
    long id;
    InetSocketAddress up;
    synchronized (state) {
      // a partition of this source refusing new connections: closed at once, as a refused dial
      for (ToxicSpec t : toxics) {
        if (t.bySource()
            && t.attr("refuse_new") == 1
            && t.appliesTo(ch.remoteAddress().getAddress())) {
          ch.close();
          return;
        }
      }
      id = ++connectionCount;
      up = upstreamAddress;
    }
    ProxyConnection c = new ProxyConnection(this, id, ch);
    synchronized (state) {
      connections.add(c);
    }
    c.start(new InetSocketAddress(up.getHostString(), up.getPort()));
  }

  /**
   * Called on the event loop once the upstream answered: the toxics to start with, or null if the
   * proxy stopped.
   */
  List<ToxicSpec> register(ProxyConnection c) {
    synchronized (state) {
      if (!connections.contains(c)) return null;
      return forSource(toxics, c.source());
    }
  }

  void unregister(ProxyConnection c) {
    synchronized (state) {
      connections.remove(c);
    }
  }
}
