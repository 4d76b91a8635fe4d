package io.replicheck.cli;

import io.replicheck.proxy.ProxyMain;
import io.replicheck.report.ReportException;
import io.replicheck.report.serve.StoreServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replicheck serve}: browse the store's runs and reports at http://127.0.0.1:PORT/ until
 * Ctrl-C.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the store's index and run reports on 127.0.0.1 (loopback only).",
      "Reports and the index are rendered when missing; stop with Ctrl-C."
    })
final class ServeCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      description = "port on 127.0.0.1, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port = 8080;

  @Option(names = "--store", description = "the store folder (default: ${DEFAULT-VALUE})")
  Path store = Path.of("store");

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535)
      throw new UserError("--port must be between 0 and 65535, got " + port);
    if (!Files.isDirectory(store))
      throw new UserError(
          "no store folder at "
              + store.toAbsolutePath()
              + " (runs write there: bin/replicheck run)");
    StoreServer server;
    try {
      server = StoreServer.start(store, port);
    } catch (IOException e) {
      throw new UserError("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    } catch (ReportException e) {
      throw new UserError(e.getMessage(), e);
    }
    System.out.println(
        "serving "
            + store.toAbsolutePath().normalize()
            + " at "
            + server.url()
            + " (Ctrl-C to stop)");
    ProxyMain.closeOnShutdown(server, "replicheck-serve-stop");
    return Main.EXIT_VALID;
  }
}
