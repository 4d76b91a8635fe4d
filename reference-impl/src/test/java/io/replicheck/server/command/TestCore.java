package io.replicheck.server.command;

import io.replicheck.server.config.ConfigRegistry;
import io.replicheck.server.core.Client;
import io.replicheck.server.core.ClientConnection;
import io.replicheck.server.core.ClientKind;
import io.replicheck.server.core.ManualClock;
import io.replicheck.server.core.ServerConfig;
import io.replicheck.server.core.ServerCore;
import io.replicheck.server.resp.ReplyRecorder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A core driven without sockets: a manual clock, recorded replies and propagated commands. */
final class TestCore {
  final ManualClock clock = new ManualClock(1_700_000_000_000L);
  final ServerConfig config = new ServerConfig();
  final ConfigRegistry registry = new ConfigRegistry();
  final ServerCore core;
  final List<String> propagated = new ArrayList<>();

  TestCore() {
    config.register(registry);
    core = new ServerCore(config, registry, clock, 42);
    Commands.registerAll(core);
    core.propagation()
        .addPropagator(
            (db, argv) -> {
              StringBuilder b = new StringBuilder().append(db).append(':');
              for (byte[] a : argv) {
                b.append(' ').append(new String(a, StandardCharsets.UTF_8));
              }
              propagated.add(b.toString());
            });
  }

  Conn connect() {
    return new Conn(ClientKind.NORMAL);
  }

  /** A connection: send commands, read replies. */
  final class Conn {
    final ReplyRecorder replies = new ReplyRecorder();
    final Client client;

    Conn(ClientKind kind) {
      client = core.newClient(ClientConnection.detached(replies, "127.0.0.1:5555"), kind);
    }

    /** Sends a command and returns its reply (ReplyRecorder.NONE if it blocked). */
    Object call(String... args) {
      send(args);
      return replies.poll();
    }

    void send(String... args) {
      byte[][] argv = new byte[args.length][];
      for (int i = 0; i < args.length; i++) {
        argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
      }
      core.process(client, argv);
    }

    Object next() {
      return replies.poll();
    }
  }

  static ReplyRecorder.Simple ok() {
    return new ReplyRecorder.Simple("OK");
  }

  static ReplyRecorder.Err err(String text) {
    return new ReplyRecorder.Err(text);
  }

  static ReplyRecorder.Simple simple(String s) {
    return new ReplyRecorder.Simple(s);
  }
}
