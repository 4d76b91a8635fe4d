package io.replicheck.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Timeout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The toxics' effect on real traffic through the proxy to an echo server. Times are lower bounds
 * only (a toxic must delay at least this much); nothing asserts the machine is fast.
 */
class ToxicTrafficTest {
  private EchoServer echo;
  private ChaosProxyServer chaos;
  private ToxiproxyClient client;
  private Proxy proxy;

  @BeforeEach
  void start() throws IOException {
    echo = new EchoServer();
    chaos = ChaosProxyServer.start("127.0.0.1", 0, 11);
    client = new ToxiproxyClient("127.0.0.1", chaos.apiPort());
    proxy = client.createProxy("echo", "127.0.0.1:0", echo.address());
  }

  @AfterEach
  void stop() throws IOException {
    chaos.close();
    echo.close();
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private long roundTripMillis(Socket s) throws IOException {
    long t0 = System.nanoTime();
    s.getOutputStream().write(42);
    assertThat(Net.readExactly(s, 1)).containsExactly(42);
    return Net.millisSince(t0);
  }

  @Test
  void latencyDelaysEachDirection() throws IOException {
    try (Socket s = Net.connect(proxy.getListen())) {
      proxy.toxics().latency("down", ToxicDirection.DOWNSTREAM, 150);
      assertThat(roundTripMillis(s)).isGreaterThanOrEqualTo(150);
      proxy.toxics().latency("up", ToxicDirection.UPSTREAM, 100);
      assertThat(roundTripMillis(s)).isGreaterThanOrEqualTo(250);
      proxy.toxics().get("down").remove();
      proxy.toxics().get("up").remove();
      roundTripMillis(s); // still connected, still echoing
    }
  }

  @Test
  void bandwidthLimitsTheRate() throws IOException {
    proxy.toxics().bandwidth("bw", ToxicDirection.DOWNSTREAM, 100); // 100 KB/s
    byte[] data = random(60_000); // 0.6 s at 100 KB/s
    try (Socket s = Net.connect(proxy.getListen())) {
      long t0 = System.nanoTime();
      s.getOutputStream().write(data);
      assertThat(Net.readExactly(s, data.length)).isEqualTo(data);
      assertThat(Net.millisSince(t0)).isGreaterThanOrEqualTo(500);
    }
  }

  @Test
  void limitDataCutsTheStreamAtTheLimit() throws IOException {
    proxy.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 1000);
    byte[] data = random(5000);
    try (Socket s = Net.connect(proxy.getListen())) {
      s.getOutputStream().write(data);
      byte[] got = s.getInputStream().readAllBytes();
      assertThat(got).isEqualTo(Arrays.copyOf(data, 1000));
    }
  }

  @Test
  void resetPeerResetsTheClient() throws IOException {
    proxy.toxics().resetPeer("rp", ToxicDirection.DOWNSTREAM, 0);
    try (Socket s = Net.connect(proxy.getListen())) {
      s.getOutputStream().write(1);
      assertThatThrownBy(
              () -> {
                InputStream in = s.getInputStream();
                while (in.read() >= 0) {
                  // the reset ends this
                }
              })
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
    }
  }

  @Test
  void timeoutStopsDataThenClosesTheConnection() throws IOException {
    proxy.toxics().timeout("to", ToxicDirection.UPSTREAM, 400);
    try (Socket s = Net.connect(proxy.getListen())) {
      long t0 = System.nanoTime();
      s.getOutputStream().write(new byte[] {1, 2, 3});
      assertThat(Net.drain(s)).isZero(); // nothing echoed, then the end of the stream
      assertThat(Net.millisSince(t0)).isGreaterThanOrEqualTo(400);
    }
  }

  @Test
  void timeoutZeroHoldsUntilRemovedAndRemovingItClosesTheConnection() throws IOException {
    Timeout to = proxy.toxics().timeout("to", ToxicDirection.UPSTREAM, 0);
    try (Socket s = Net.connect(proxy.getListen())) {
      s.getOutputStream().write(1);
      s.setSoTimeout(500);
      assertThatThrownBy(() -> s.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      to.remove();
      s.setSoTimeout(10_000);
      assertThat(Net.drain(s)).isZero();
    }
  }

  @Test
  void slicerDeliversTheDataInManySmallPieces() throws IOException {
    proxy
        .toxics()
        .slicer("sl", ToxicDirection.DOWNSTREAM, 50, 2_000); // ~50-byte pieces, 2 ms apart
    byte[] data = random(2000);
    try (Socket s = Net.connect(proxy.getListen())) {
      long t0 = System.nanoTime();
      s.getOutputStream().write(data);
      InputStream in = s.getInputStream();
      byte[] got = new byte[data.length];
      int off = 0;
      while (off < got.length) {
        int n = in.read(got, off, got.length - off);
        if (n < 0)
          throw new IOException(
              "stream ended after " + off + " bytes"); // no AssertJ here: its first use is slow
        off += n;
      }
      assertThat(got).isEqualTo(data);
      // How many reads it took depends on how late this reader runs (the kernel joins pieces that
      // wait), so count what cannot be joined: at least 2000 / 50 = 40 pieces, 2 ms after each, so
      // the last byte comes at least 39 delays after the first. The piece sizes: LinkTest.
      assertThat(Net.millisSince(t0)).isGreaterThanOrEqualTo(39 * 2);
    }
  }

  @Test
  void slowCloseDelaysTheClose() throws IOException {
    proxy.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 300);
    try (Socket s = Net.connect(proxy.getListen())) {
      s.getOutputStream().write(5);
      assertThat(Net.readExactly(s, 1)).containsExactly(5);
      long t0 = System.nanoTime();
      s.shutdownOutput(); // the proxy closes the upstream; its end reaches us after the delay
      assertThat(Net.drain(s)).isZero();
      assertThat(Net.millisSince(t0)).isGreaterThanOrEqualTo(300);
    }
  }

  private int status(String method, String path, String body) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(chaos.apiUrl() + path));
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void aOneWayPartitionHoldsOneDirectionRefusesNewConnectionsAndHealsWithoutLoss()
      throws Exception {
    try (Socket s = Net.connect(proxy.getListen())) {
      assertThat(roundTripMillis(s)).isNotNegative();
      assertThat(
              status(
                  "POST",
                  "/proxies/echo/toxics",
                  "{\"name\":\"part\",\"type\":\"partition\",\"stream\":\"upstream\"}"))
          .isEqualTo(200);
      OutputStream out = s.getOutputStream();
      out.write(new byte[] {9, 8});
      s.setSoTimeout(400);
      assertThatThrownBy(() -> s.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      assertThatThrownBy(() -> Net.connect(proxy.getListen())).isInstanceOf(ConnectException.class);
      assertThat(status("DELETE", "/proxies/echo/toxics/part", null)).isEqualTo(204);
      s.setSoTimeout(10_000);
      assertThat(Net.readExactly(s, 2)).containsExactly(9, 8);
      try (Socket again = Net.connect(proxy.getListen())) {
        assertThat(roundTripMillis(again)).isNotNegative();
      }
    }
  }

  @Test
  void aPartitionThatLetsNewConnectionsInOnlyHoldsData() throws Exception {
    assertThat(
            status(
                "POST",
                "/proxies/echo/toxics",
                "{\"name\":\"part\",\"type\":\"partition\",\"stream\":\"downstream\",\"attributes\":{\"refuse_new\":0}}"))
        .isEqualTo(200);
    try (Socket s = Net.connect(proxy.getListen())) {
      s.getOutputStream().write(3);
      s.setSoTimeout(300);
      assertThatThrownBy(() -> s.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      client.reset();
      s.setSoTimeout(10_000);
      assertThat(Net.readExactly(s, 1)).containsExactly(3);
    }
  }

  @Test
  void aLargeTransferThroughHeldDataArrivesWholeAndInOrder() throws Exception {
    // Latency both ways holds up to the high-water mark; backpressure must pause, never drop.
    proxy.toxics().latency("up", ToxicDirection.UPSTREAM, 20);
    proxy.toxics().latency("down", ToxicDirection.DOWNSTREAM, 20);
    byte[] data = random(3 * 1024 * 1024);
    try (Socket s = Net.connect(proxy.getListen())) {
      Thread writer =
          new Thread(
              () -> {
                try {
                  s.getOutputStream().write(data);
                } catch (IOException e) {
                  // the read side reports the failure
                }
              },
              "big-writer");
      writer.start();
      try {
        assertThat(Net.readExactly(s, data.length)).isEqualTo(data);
      } finally {
        writer.join(10_000);
      }
    }
  }

  @Test
  void toxicsAddedToAnOpenConnectionApplyToIt() throws IOException {
    try (Socket s = Net.connect(proxy.getListen())) {
      roundTripMillis(s);
      proxy.toxics().latency("lat", ToxicDirection.UPSTREAM, 200);
      assertThat(roundTripMillis(s)).isGreaterThanOrEqualTo(200);
    }
  }
}
