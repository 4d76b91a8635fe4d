package io.replicheck.proxy;

import io.netty.channel.EventLoopGroup;
import io.replicheck.proxy.net.TcpProxy;
import io.replicheck.proxy.toxic.Seeds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The proxies by name (Toxiproxy's ProxyCollection); every change is serialized on this object. */
public final class ProxyCollection {
  private final EventLoopGroup group;
  private final Seeds seeds;
  private final Map<String, TcpProxy> proxies = new LinkedHashMap<>();

  ProxyCollection(EventLoopGroup group, Seeds seeds) {
    this.group = group;
    this.seeds = seeds;
  }

  /** What POST /proxies and /populate take for one proxy. */
  public static final class Spec {
    final String name;
    final String listen;
    final String upstream;
    final boolean enabled;

    public Spec(String name, String listen, String upstream, boolean enabled) {
      this.name = name;
      this.listen = listen == null || listen.isEmpty() ? "127.0.0.1:0" : listen;
      this.upstream = upstream;
      this.enabled = enabled;
    }
  }

  public synchronized List<TcpProxy> all() {
    return new ArrayList<>(proxies.values());
  }

  public synchronized TcpProxy get(String name) {
    TcpProxy p = proxies.get(name);
    if (p == null) throw ProxyException.proxyNotFound();
    return p;
  }

  /** Creates a proxy and starts it if enabled; 409 if the name is taken, 500 if the port is. */
  public synchronized TcpProxy create(Spec spec) {
    check(spec, "");
    if (proxies.containsKey(spec.name)) throw new ProxyException(409, "proxy already exists");
    TcpProxy p = newProxy(spec);
    if (spec.enabled) p.start();
    proxies.put(spec.name, p);
    return p;
  }

  /** Creates or replaces many; all are checked before any is changed, as Toxiproxy 2.x does. */
  public synchronized List<TcpProxy> populate(List<Spec> specs) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < specs.size(); i++) {
      Spec s = specs.get(i);
      check(s, " at proxy " + (i + 1));
      if (!names.add(s.name))
        throw ProxyException.badRequest("duplicate proxy name \"" + s.name + "\"");
      if (s.enabled) newProxy(s); // validates both addresses
    }
    List<TcpProxy> out = new ArrayList<>();
    for (Spec s : specs) {
      TcpProxy existing = proxies.get(s.name);
      if (existing != null
          && existing.listen().equals(s.listen)
          && existing.upstream().equals(s.upstream)) {
        out.add(existing);
        continue;
      }
      if (existing != null) {
        existing.stop();
        proxies.remove(s.name);
      }
      TcpProxy p = newProxy(s);
      if (s.enabled) p.start();
      proxies.put(s.name, p);
      out.add(p);
    }
    return out;
  }

  public synchronized TcpProxy update(
      String name, String listen, String upstream, Boolean enabled) {
    TcpProxy p = get(name);
    try {
      p.update(
          listen == null ? p.listen() : listen,
          upstream == null ? p.upstream() : upstream,
          enabled == null ? p.enabled() : enabled);
    } catch (IllegalArgumentException e) {
      throw ProxyException.badRequest(e.getMessage());
    }
    return p;
  }

  public synchronized void delete(String name) {
    TcpProxy p = get(name);
    p.stop();
    proxies.remove(name);
  }

  /** POST /reset: every proxy enabled again and without toxics. */
  public synchronized void reset() {
    for (TcpProxy p : proxies.values()) {
      p.removeAllToxics();
      if (!p.enabled()) p.start();
    }
  }

  /** Stops every proxy (the server is closing). */
  public synchronized void stopAll() {
    for (TcpProxy p : proxies.values()) p.stop();
    proxies.clear();
  }

  private static void check(Spec s, String where) {
    if (s.name == null || s.name.isEmpty())
      throw ProxyException.badRequest("missing required field: name" + where);
    if (s.upstream == null || s.upstream.isEmpty()) {
      throw ProxyException.badRequest("missing required field: upstream" + where);
    }
  }

  private TcpProxy newProxy(Spec s) {
    try {
      return new TcpProxy(s.name, s.listen, s.upstream, group, seeds);
    } catch (IllegalArgumentException e) {
      throw ProxyException.badRequest(e.getMessage());
    }
  }
}
