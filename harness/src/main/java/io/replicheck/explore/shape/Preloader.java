package io.replicheck.explore.shape;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes a preload into a node before the run phase: {@code keys} keys {@code preload:<i>} of
 * {@code valueBytes} each, pipelined in batches of at most {@link #MAX_BATCH_COMMANDS} commands and
 * {@link #MAX_BATCH_BYTES} bytes (the next batch is sent once the last one is answered, so neither
 * side buffers more), and bounded in time: at the bound it stops and says how far it got.
 *
 * <p>Values are seeded random bytes with the key's number at their start, so they differ per key
 * and do not compress away (rdbcompression has real work). The preload is not part of the history:
 * it is data already there when clients start, which every replica must still hold.
 */
public final class Preloader {
  public static final String KEY_PREFIX = "preload:";
  static final int MAX_BATCH_COMMANDS = 1000;
  static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;

  /**
   * @param keys keys written and acknowledged
   * @param valueBytes bytes of values in them
   * @param complete true when all keys asked for were written within the bound
   * @param elapsed how long it took
   */
  public record Result(int keys, long valueBytes, boolean complete, Duration elapsed) {}

  private final ClientResources resources;

  public Preloader(ClientResources resources) {
    this.resources = resources;
  }

  /** Writes the preload of {@code shape} into db {@code shape.db()}. */
  public Result load(String host, int port, DataShape shape, long seed, Duration bound) {
    return load(
        host, port, shape.db(), shape.preloadKeys(), shape.preloadValueBytes(), seed, bound);
  }

  /** Writes {@code keys} keys of {@code valueBytes} into {@code db} within {@code bound}. */
  public Result load(
      String host, int port, int db, int keys, int valueBytes, long seed, Duration bound) {
    long start = System.nanoTime();
    long deadline = start + bound.toNanos();
    RedisURI uri =
        RedisURI.builder()
            .withHost(host)
            .withPort(port)
            .withDatabase(db)
            .withTimeout(bound)
            .build();
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(false)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .protocolVersion(ProtocolVersion.RESP2)
            .timeoutOptions(TimeoutOptions.enabled(bound))
            .build());
    byte[] template = new byte[valueBytes];
    new SplittableRandom(seed).nextBytes(template);
    int written = 0;
    long bytes = 0;
    try (StatefulRedisConnection<byte[], byte[]> connection =
        client.connect(ByteArrayCodec.INSTANCE)) {
      connection.setAutoFlushCommands(false);
      RedisAsyncCommands<byte[], byte[]> redis = connection.async();
      while (written < keys && System.nanoTime() < deadline) {
        List<RedisFuture<String>> batch = new ArrayList<>();
        long batchBytes = 0;
        int next = written;
        while (next < keys
            && batch.size() < MAX_BATCH_COMMANDS
            && (batch.isEmpty() || batchBytes + valueBytes <= MAX_BATCH_BYTES)) {
          batch.add(redis.set(key(next), value(template, next)));
          batchBytes += valueBytes;
          next++;
        }
        connection.flushCommands();
        for (RedisFuture<String> f : batch) {
          long left = deadline - System.nanoTime();
          try {
            f.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
          } catch (TimeoutException e) {
            return new Result(written, bytes, false, since(start));
          } catch (ExecutionException e) {
            throw new IllegalStateException(
                "preload into "
                    + host
                    + ":"
                    + port
                    + " failed at key "
                    + written
                    + ": "
                    + e.getCause().getMessage(),
                e.getCause());
          }
          written++;
          bytes += valueBytes;
        }
      }
      return new Result(written, bytes, written == keys, since(start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(written, bytes, false, since(start));
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  static byte[] key(int i) {
    return (KEY_PREFIX + i).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] value(byte[] template, int i) {
    byte[] v = template.clone();
    ByteBuffer b = ByteBuffer.wrap(v);
    for (int k = 0; k < Math.min(4, v.length); k++) {
      b.put(k, (byte) (i >>> (8 * (3 - k))));
    }
    return v;
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
