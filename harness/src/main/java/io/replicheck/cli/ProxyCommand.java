package io.replicheck.cli;

import io.replicheck.proxy.ChaosProxyServer;
import io.replicheck.proxy.ProxyMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replicheck proxy}: the chaos proxy standalone, a drop-in for toxiproxy-server (same HTTP
 * API, same flags, single-dash forms too). The logic lives in the proxy module ({@link ProxyMain}).
 */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description = {
      "Run the chaos proxy: Toxiproxy's HTTP API and toxics, plus seeded randomness and one-way partitions.",
      "Any Toxiproxy client (toxiproxy-java, toxiproxy-cli, ...) drives it. Stop with Ctrl-C."
    })
final class ProxyCommand implements Callable<Integer> {

  @Option(
      names = {"--host", "-host"},
      description = "address the API listens on (default: ${DEFAULT-VALUE})")
  String host = "127.0.0.1";

  @Option(
      names = {"--port", "-port"},
      description = "API port, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port = 8474;

  @Option(
      names = {"--config", "-config"},
      description = "JSON file of proxies to create at start, as POST /populate takes")
  Path config;

  @Option(
      names = {"--seed", "-seed"},
      description = "seed for toxicity, jitter and slicing (default: from the clock)")
  Long seed;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535)
      throw new UserError("--port must be between 0 and 65535, got " + port);
    ProxyMain.Options o = new ProxyMain.Options();
    o.host = host;
    o.port = port;
    o.config = config;
    if (seed != null) o.seed = seed;
    ChaosProxyServer server;
    try {
      server = ProxyMain.start(o, System.out);
    } catch (ProxyMain.UserFacing e) {
      throw new UserError(e.getMessage(), e);
    }
    ProxyMain.closeOnShutdown(server, "replicheck-proxy-stop");
    return Main.EXIT_VALID;
  }
}
