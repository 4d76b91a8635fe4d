package io.replicheck.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ToxiproxyContainer;

/**
 * Testcontainers' Toxiproxy client class that works without a container: {@code ContainerProxy},
 * whose connection cut is two bandwidth toxics with rate 0.
 */
class TestcontainersProxyTest {
  @Test
  void containerProxyCutsAndRestoresTheConnection() throws IOException {
    try (EchoServer echo = new EchoServer();
        ChaosProxyServer chaos = ChaosProxyServer.start("127.0.0.1", 0, 2)) {
      Proxy p =
          new ToxiproxyClient("127.0.0.1", chaos.apiPort())
              .createProxy("tc", "127.0.0.1:0", echo.address());
      int port = Net.port(p.getListen());
      ToxiproxyContainer.ContainerProxy tc =
          new ToxiproxyContainer.ContainerProxy(p, "127.0.0.1", port, port) {};
      try (Socket s = Net.connect(p.getListen())) {
        tc.setConnectionCut(true);
        assertThat(chaos.proxy("tc").toxics()).hasSize(2);
        s.getOutputStream().write(4);
        s.setSoTimeout(300);
        assertThatThrownBy(() -> s.getInputStream().read())
            .isInstanceOf(SocketTimeoutException.class);
        tc.setConnectionCut(false);
        assertThat(chaos.proxy("tc").toxics()).isEmpty();
        s.setSoTimeout(10_000);
        assertThat(s.getInputStream().read()).isEqualTo(4); // held, not lost, as in Toxiproxy
      }
    }
  }
}
