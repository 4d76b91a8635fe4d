package io.replicheck.cluster;

import java.util.ArrayList;
import java.util.List;

/** The redis-server arguments a node starts with: only options its version accepts. */
final class ServerArgs {
  private ServerArgs() {}

  static List<String> forNode(ServerVersion version, Node node, List<String> extraArgs) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--port", Integer.toString(node.port()),
                "--bind", "127.0.0.1",
                "--dir", node.dir().toString(),
                "--dbfilename", "dump.rdb",
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--protected-mode", "no",
                "--logfile", ""));
    if (version.atLeast(7, 0)) {
      // DEBUG DIGEST is off by default from 7.0 on, and the option does not exist before.
      args.addAll(List.of("--enable-debug-command", "yes"));
    }
    if (node.replicaOfHost() != null) {
      String directive = version.atLeast(5, 0) ? "--replicaof" : "--slaveof";
      args.addAll(List.of(directive, node.replicaOfHost(), Integer.toString(node.replicaOfPort())));
    }
    args.addAll(extraArgs);
    return args;
  }
}
