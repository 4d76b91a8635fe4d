package io.replicheck.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code replicheck server [redis.conf] [--directive value ...]}: the reference server, started as
 * redis-server is. Arguments are passed through untouched to the server's own parser.
 */
@Command(
    name = "server",
    description = "Run the reference master/replica server (takes redis-server's arguments).")
final class ServerCommand implements Callable<Integer> {

  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    return io.replicheck.server.ServerMain.run(args.toArray(new String[0]));
  }
}
