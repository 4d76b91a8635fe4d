package io.replicheck.server.replication;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on 127.0.0.1 that a test can cut: {@link #down()} closes every connection and
 * refuses new ones until {@link #up()}. Used to keep a replica's link broken while the master
 * writes (backlog overrun).
 */
final class CutProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int target;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean down;
  private volatile boolean closed;
  private final Thread acceptor;

  CutProxy(int targetPort) throws IOException {
    this.target = targetPort;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    acceptor = new Thread(this::acceptLoop, "cut-proxy-" + targetPort);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        if (down) {
          client.close();
          continue;
        }
        Socket upstream = new Socket();
        try {
          upstream.connect(new InetSocketAddress("127.0.0.1", target), 2000);
        } catch (IOException e) {
          client.close();
          continue;
        }
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // Closed or transient; the loop ends when closed.
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  out.write(buf, 0, n);
                }
              } catch (IOException e) {
                // Either side closed.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "cut-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Breaks every connection and refuses new ones. */
  void down() {
    down = true;
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  void up() {
    down = false;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // Already closed.
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    down();
    server.close();
  }
}
