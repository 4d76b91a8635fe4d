package io.replicheck.proxy.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.proxy.ChaosProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosProxyClientTest {
  private static int port(String listen) {
    return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
  }

  @Test
  void partitionsAndHealsOneDirectionOverHttp() throws Exception {
    try (ServerSocket upstream = new ServerSocket();
        ChaosProxyServer chaos = ChaosProxyServer.start("127.0.0.1", 0, 4)) {
      upstream.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread echo =
          new Thread(
              () -> {
                try (Socket s = upstream.accept();
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream()) {
                  int b;
                  while ((b = in.read()) >= 0) out.write(b);
                } catch (IOException e) {
                  // closed
                }
              });
      echo.setDaemon(true);
      echo.start();
      ChaosProxyClient client = new ChaosProxyClient(chaos.apiUrl());
      String listen =
          client.createProxy("p", "127.0.0.1:0", "127.0.0.1:" + upstream.getLocalPort());
      try (Socket s = new Socket("127.0.0.1", port(listen))) {
        s.setSoTimeout(300);
        client.partition("p", "upstream", true);
        s.getOutputStream().write(6);
        assertThatThrownBy(() -> s.getInputStream().read())
            .isInstanceOf(SocketTimeoutException.class);
        assertThatThrownBy(() -> new Socket("127.0.0.1", port(listen)).close())
            .isInstanceOf(ConnectException.class);
        assertThat(client.proxies().get("p").get("toxics").get(0).get("type").asText())
            .isEqualTo("partition");
        client.heal("p", "upstream");
        s.setSoTimeout(10_000);
        assertThat(s.getInputStream().read()).isEqualTo(6);
      }
      assertThatThrownBy(() -> client.addToxic("p", "x", "nope", "upstream", 1.0, Map.of()))
          .isInstanceOf(ChaosProxyClient.ApiError.class)
          .hasMessage("[400] invalid toxic type");
      assertThatThrownBy(() -> client.deleteProxy("missing"))
          .isInstanceOfSatisfying(
              ChaosProxyClient.ApiError.class, e -> assertThat(e.status()).isEqualTo(404));
      client.setEnabled("p", false);
      assertThat(client.proxies().get("p").get("enabled").asBoolean()).isFalse();
      client.reset();
      assertThat(client.proxies().get("p").get("enabled").asBoolean()).isTrue();
      client.deleteProxy("p");
      assertThat(client.proxies().size()).isZero();
    }
  }
}
