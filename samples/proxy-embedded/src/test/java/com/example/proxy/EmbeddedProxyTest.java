package com.example.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.replicheck.proxy.ChaosProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * replicheck's chaos proxy started in-process as a Toxiproxy server, driven with the official
 * Toxiproxy Java client, in front of a small echo server.
 */
class EmbeddedProxyTest {
  private ServerSocket echo;
  private Thread echoThread;
  private ChaosProxyServer chaos;
  private ToxiproxyClient client;

  @BeforeEach
  void start() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    echoThread = new Thread(this::serveEcho, "echo");
    echoThread.setDaemon(true);
    echoThread.start();
    chaos = ChaosProxyServer.start("127.0.0.1", 0, 42); // any free port, seed 42
    client = new ToxiproxyClient("127.0.0.1", chaos.apiPort());
  }

  @AfterEach
  void stop() throws IOException {
    chaos.close();
    echo.close();
  }

  @Test
  void bytesPassThroughUntilAToxicCutsThem() throws IOException {
    Proxy p = client.createProxy("echo", "127.0.0.1:0", "127.0.0.1:" + echo.getLocalPort());
    assertThat(roundTrip(p.getListen(), "hello")).isEqualTo("hello");

    // limit_data closes the connection after 3 bytes towards the client.
    p.toxics().limitData("cut", ToxicDirection.DOWNSTREAM, 3);
    assertThat(roundTrip(p.getListen(), "hello")).isEqualTo("hel");

    p.toxics().get("cut").remove();
    assertThat(roundTrip(p.getListen(), "hello")).isEqualTo("hello");
  }

  @Test
  void aDisabledProxyRefusesConnections() throws IOException {
    Proxy p = client.createProxy("echo", "127.0.0.1:0", "127.0.0.1:" + echo.getLocalPort());
    String listen = p.getListen();
    p.disable();
    assertThatThrownBy(() -> roundTrip(listen, "x")).isInstanceOf(ConnectException.class);
    p.enable();
    assertThat(roundTrip(listen, "again")).isEqualTo("again");
  }

  /** Sends the text and reads back as many bytes, or fewer if the proxy closes first. */
  private static String roundTrip(String hostPort, String text) throws IOException {
    int colon = hostPort.lastIndexOf(':');
    try (Socket s = new Socket()) {
      s.connect(
          new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
          5_000);
      s.setSoTimeout(10_000); // a bound, not a timing assertion
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      s.getOutputStream().write(bytes);
      return new String(s.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
    }
  }

  private void serveEcho() {
    while (!echo.isClosed()) {
      try (Socket s = echo.accept();
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // closed by stop(), or a client the proxy cut: take the next one
      }
    }
  }
}
