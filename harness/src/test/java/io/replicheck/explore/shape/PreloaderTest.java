package io.replicheck.explore.shape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.replicheck.client.AdminClient;
import io.replicheck.server.ReferenceServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preloads into the reference server in-process: the largest shapes fit their bound. */
class PreloaderTest {
  private static final Duration BOUND = Duration.ofSeconds(120);

  @TempDir Path dir;
  private ReferenceServer server;
  private ClientResources resources;

  @BeforeEach
  void start() throws Exception {
    server =
        ReferenceServer.start(
            false, "--port", "0", "--bind", "127.0.0.1", "--save", "", "--dir", dir.toString());
    resources =
        DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
  }

  @AfterEach
  void stop() {
    resources.shutdown();
    server.close();
  }

  @Test
  void hundredThousandKeysAndAnEightMegabyteValueLoadWithinTheirBound() throws Exception {
    Preloader preloader = new Preloader(resources);
    DataShape many = new DataShape(1, 100_000, 64, RatePattern.steady(100), 0);
    Preloader.Result keys = preloader.load("127.0.0.1", server.port(), many, 1, BOUND);
    System.out.println("preload 100,000 x 64 B: " + keys.elapsed().toMillis() + " ms");
    assertTrue(keys.complete(), keys.toString());
    assertEquals(100_000, keys.keys());
    assertEquals(6_400_000, keys.valueBytes());

    DataShape large =
        new DataShape(8L * 1024 * 1024, 1, 8 * 1024 * 1024, RatePattern.steady(100), 15);
    Preloader.Result value = preloader.load("127.0.0.1", server.port(), large, 2, BOUND);
    System.out.println("preload 1 x 8 MB: " + value.elapsed().toMillis() + " ms");
    assertTrue(value.complete(), value.toString());
    assertEquals(8L * 1024 * 1024, value.valueBytes());

    DataShape largest =
        new DataShape(8L * 1024 * 1024, 8, 8 * 1024 * 1024, RatePattern.steady(100), 3);
    Preloader.Result total = preloader.load("127.0.0.1", server.port(), largest, 3, BOUND);
    System.out.println("preload 8 x 8 MB: " + total.elapsed().toMillis() + " ms");
    assertTrue(total.complete(), total.toString());

    try (AdminClient admin =
        AdminClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(30))) {
      assertEquals(100_000L, admin.call("DBSIZE"));
      byte[] first = (byte[]) admin.call("GET", "preload:0");
      byte[] second = (byte[]) admin.call("GET", "preload:1");
      assertEquals(64, first.length);
      assertFalse(java.util.Arrays.equals(first, second), "values differ per key");
      admin.callText("SELECT", "15");
      assertEquals(1L, admin.call("DBSIZE"));
      assertEquals(8L * 1024 * 1024, admin.call("STRLEN", "preload:0"));
      admin.callText("SELECT", "3");
      assertEquals(8L, admin.call("DBSIZE"));
    }
  }

  @Test
  void theSameSeedWritesTheSameValues() throws Exception {
    Preloader preloader = new Preloader(resources);
    preloader.load("127.0.0.1", server.port(), 0, 3, 100, 42, BOUND);
    byte[] a;
    try (AdminClient admin =
        AdminClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(10))) {
      a = (byte[]) admin.call("GET", "preload:2");
      admin.callText("FLUSHALL");
      preloader.load("127.0.0.1", server.port(), 0, 3, 100, 42, BOUND);
      assertArrayEquals(a, (byte[]) admin.call("GET", "preload:2"));
    }
  }

  @Test
  void anExhaustedBoundStopsAndSaysHowFarItGot() {
    Preloader.Result r =
        new Preloader(resources).load("127.0.0.1", server.port(), 0, 1000, 10, 1, Duration.ZERO);
    assertFalse(r.complete());
    assertEquals(0, r.keys());
    assertEquals(0, r.valueBytes());
  }
}
