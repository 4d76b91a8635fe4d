package io.replicheck.proxy;

import io.replicheck.proxy.api.ApiServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the chaos proxy standalone with toxiproxy-server's flags: {@code [-host 127.0.0.1] [-port
 * 8474] [-config proxies.json] [-seed N]} (the {@code --} forms too). Loopback by default; runs
 * until SIGINT/SIGTERM. Exit code 3 on bad flags, a bad config or a port in use.
 */
public final class ProxyMain {
  /** The settings, toxiproxy-server's defaults except the seed (Toxiproxy seeds from the clock). */
  public static final class Options {
    public String host = "127.0.0.1";
    public int port = 8474;
    public Path config;
    public long seed = System.nanoTime();

    /** toxiproxy-server flags accepted but without effect here. */
    public final List<String> ignored = new ArrayList<>();
  }

  private ProxyMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Parses, starts, and blocks until the JVM is asked to stop; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("replicheck proxy: " + e.getMessage());
      err.println(
          "usage: replicheck proxy [-host 127.0.0.1] [-port 8474] [-config proxies.json] [-seed N]");
      return 3;
    }
    if (o == null) {
      out.println(
          "usage: replicheck proxy [-host 127.0.0.1] [-port 8474] [-config proxies.json] [-seed N]");
      return 0;
    }
    ChaosProxyServer server;
    try {
      server = start(o, out);
    } catch (UserFacing e) {
      err.println("replicheck proxy: " + e.getMessage());
      return 3;
    }
    try {
      closeOnShutdown(server, "chaos-proxy-stop");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /**
   * Blocks until the JVM shuts down (Ctrl-C, SIGTERM), closing {@code server} in the shutdown hook
   * (a thread named {@code threadName}) before it returns: how a foreground command serves.
   */
  public static void closeOnShutdown(AutoCloseable server, String threadName)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } catch (Exception e) {
                    // Shutting down either way; nothing is left to tell.
                  } finally {
                    stopped.countDown();
                  }
                },
                threadName));
    stopped.await();
  }

  /** An error to print as one line. */
  public static final class UserFacing extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserFacing(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Starts the API and loads the config; closes everything again if the config is bad. */
  public static ChaosProxyServer start(Options o, PrintStream out) {
    ChaosProxyServer server;
    try {
      server = ChaosProxyServer.start(o.host, o.port, o.seed);
    } catch (UncheckedIOException e) {
      throw new UserFacing(e.getMessage(), e);
    }
    out.println(
        "chaos proxy (Toxiproxy API "
            + ApiServer.VERSION
            + ") listening on "
            + server.apiUrl()
            + ", seed "
            + o.seed);
    for (String flag : o.ignored)
      out.println(
          "note: "
              + flag
              + " is accepted for toxiproxy-server compatibility; metrics are not served");
    if (o.config != null) {
      try {
        if (!Files.isRegularFile(o.config)) throw new IOException("no such file");
        int n = server.populate(o.config).size();
        out.println("populated " + n + " proxies from " + o.config);
      } catch (IOException e) {
        server.close();
        throw new UserFacing("cannot read config " + o.config + ": " + e.getMessage(), e);
      } catch (ProxyException e) {
        server.close();
        throw new UserFacing("config " + o.config + ": " + e.getMessage(), e);
      }
    }
    return server;
  }

  /** Null when help was asked for. */
  public static Options parse(String[] args) {
    Options o = new Options();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("-") && eq > 0) {
        value = a.substring(eq + 1);
        a = a.substring(0, eq);
      }
      String flag = a.startsWith("--") ? a.substring(2) : a.startsWith("-") ? a.substring(1) : null;
      if (flag == null) throw new IllegalArgumentException("unexpected argument " + a);
      if (flag.equals("h") || flag.equals("help")) return null;
      if (flag.equals("proxy-metrics") || flag.equals("runtime-metrics")) {
        // toxiproxy-server's Prometheus switches: accepted so its command lines work; no /metrics
        // here.
        o.ignored.add("-" + flag);
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.length)
          throw new IllegalArgumentException("flag -" + flag + " needs a value");
        value = args[++i];
      }
      switch (flag) {
        case "host":
          o.host = value;
          break;
        case "port":
          o.port = number(flag, value, 0, 65535);
          break;
        case "config":
          o.config = Path.of(value);
          break;
        case "seed":
          try {
            o.seed = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-seed must be an integer, got " + value);
          }
          break;
        default:
          throw new IllegalArgumentException("unknown flag -" + flag);
      }
    }
    return o;
  }

  private static int number(String flag, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-" + flag + " must be an integer from " + min + " to " + max + ", got " + value);
    }
  }
}
