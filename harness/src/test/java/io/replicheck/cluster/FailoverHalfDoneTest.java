package io.replicheck.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.replicheck.runner.ChaosProxy;
import io.replicheck.runner.EmbeddedChaosProxy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A failover whose REPLICAOF to one replica fails (it timed out on a loaded machine) still repoints
 * every other node, the old master last, and then reports the failure; the heal's reassertion tells
 * every node its role again. Left half done, the old master stayed a master with no link and P5
 * blamed the server (a propagation run, seed 8).
 */
class FailoverHalfDoneTest {

  /** A node that records the commands it is sent and answers +OK, or drops every connection. */
  static final class StubNode implements AutoCloseable {
    final ServerSocket socket;
    final List<String> commands = new CopyOnWriteArrayList<>();
    final Thread thread;

    StubNode(boolean drops) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      thread =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (Socket s = socket.accept()) {
                    if (drops) continue;
                    serve(s);
                  } catch (IOException e) {
                    // closed
                  }
                }
              });
      thread.setDaemon(true);
      thread.start();
    }

    private void serve(Socket s) throws IOException {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.startsWith("*")) continue;
        int n = Integer.parseInt(line.substring(1));
        List<String> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          in.readLine(); // $len
          args.add(in.readLine());
        }
        commands.add(String.join(" ", args));
        out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private final List<StubNode> stubs = new ArrayList<>();

  @AfterEach
  void closeStubs() throws IOException {
    for (StubNode s : stubs) s.close();
  }

  @Test
  void aReplicaThatCannotBeToldDoesNotLeaveTheOldMasterBehind() throws Exception {
    StubNode s1 = new StubNode(false), s2 = new StubNode(false), s3 = new StubNode(true);
    stubs.addAll(List.of(s1, s2, s3));
    List<Node> nodes = new ArrayList<>();
    int i = 1;
    for (StubNode s : stubs) {
      nodes.add(new Node("n" + i, "127.0.0.1", s.port(), Path.of("/tmp/unused-stub-n" + i)));
      i++;
    }
    try (ChaosProxy proxy = EmbeddedChaosProxy.start(1)) {
      Deployment d =
          new Deployment(
              new RunningNodes(nodes),
              new ToxiproxyClient(proxy.host(), proxy.port()),
              Topology.parse("star"));
      d.wire();
      Node n1 = nodes.get(0), n2 = nodes.get(1), n3 = nodes.get(2);

      assertThatThrownBy(() -> d.failover(n2)).isInstanceOf(IOException.class);

      assertThat(d.master()).isSameAs(n2);
      assertThat(d.upstreamOf(n1)).isSameAs(n2);
      String n1Proxy = d.replicationProxy(n1).getListen().replace(':', ' ');
      assertThat(s2.commands).contains("REPLICAOF NO ONE");
      assertThat(s1.commands)
          .as("the old master is repointed although n3's REPLICAOF failed before it")
          .contains("REPLICAOF " + n1Proxy);

      s1.commands.clear();
      s2.commands.clear();
      assertThat(d.reassertTopology()).singleElement().asString().startsWith("n3: ");
      assertThat(s2.commands).containsExactly("REPLICAOF NO ONE");
      assertThat(s1.commands).containsExactly("REPLICAOF " + n1Proxy);
    }
  }

  /** Nodes that are always running (the stubs); nothing is started or stopped. */
  private record RunningNodes(List<Node> nodes) implements Cluster {
    @Override
    public String describe() {
      return "stubs";
    }

    @Override
    public void start(Node node) {}

    @Override
    public void kill(Node node) {}

    @Override
    public void stop(Node node) {}

    @Override
    public void stopSaving(Node node) {}

    @Override
    public void pause(Node node) {}

    @Override
    public void resume(Node node) {}

    @Override
    public boolean isRunning(Node node) {
      return true;
    }

    @Override
    public void close() {}
  }
}
