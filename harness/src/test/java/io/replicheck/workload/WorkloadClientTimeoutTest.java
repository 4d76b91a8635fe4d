package io.replicheck.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The op timeout still bounds every op now that Lettuce's per-command expiry is off (issue 19): a
 * server that stops answering gives an info (the write may have happened), a read a fail, and
 * nothing waits longer than the timeout.
 */
class WorkloadClientTimeoutTest {
  private ServerSocket server;
  private final AtomicBoolean silent = new AtomicBoolean();
  private ClientResources resources;

  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::serve, "silent-server");
    t.setDaemon(true);
    t.start();
    resources = DefaultClientResources.builder().ioThreadPoolSize(1).build();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    resources.shutdown(0, 1, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
  }

  /**
   * Answers +OK to every command (the handshake's too) until silent, then reads and says nothing.
   */
  private void serve() {
    try (Socket s = server.accept()) {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.startsWith("*")) continue;
        int args = Integer.parseInt(line.substring(1));
        for (int i = 0; i < 2 * args; i++) in.readLine(); // $len and the argument
        if (!silent.get()) {
          out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // closed by the test
    }
  }

  @Test
  @Timeout(60) // a guard against a hang, not a measure: the op timeout is 2 s
  void anOpWhoseReplyNeverComesEndsAsInfoAndAReadAsFail() {
    try (WorkloadClient client =
        WorkloadClient.connect(
            resources, "127.0.0.1", server.getLocalPort(), Duration.ofSeconds(2), 8, 0)) {
      assertThat(client.invoke(new OpSpec("write", "r1", 3L)).type()).isEqualTo("ok");
      silent.set(true);
      Completion write = client.invoke(new OpSpec("write", "r1", 4L));
      assertThat(write.type()).isEqualTo("info");
      assertThat(write.value()).isEqualTo(4L);
      assertThat(write.error()).contains("RedisCommandTimeoutException");
      Completion read = client.invoke(new OpSpec("read", "r1", null));
      assertThat(read.type()).isEqualTo("fail");
      assertThat(read.error()).contains("RedisCommandTimeoutException");
    }
  }
}
