package io.replicheck.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.ReferenceServer;
import io.replicheck.server.TestServers;
import io.replicheck.testkit.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** redis-cli and redis-benchmark against the reference server. */
@Tag("interop") // needs redis-tools
class RedisToolsIT {
  @TempDir static Path dir;
  static ReferenceServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(dir, "server.log");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void redisCliBasics() throws Exception {
    int port = server.port();
    assertThat(Tools.cli(port, "PING").output().strip()).isEqualTo("PONG");
    assertThat(Tools.cli(port, "SET", "greeting", "hello world").output().strip()).isEqualTo("OK");
    assertThat(Tools.cli(port, "GET", "greeting").output().strip()).isEqualTo("hello world");
    assertThat(Tools.cli(port, "INFO", "server").output()).contains("redis_version:7.0.15");
    assertThat(Tools.cli(port, "NOSUCHCMD").output()).contains("ERR unknown command 'NOSUCHCMD'");
  }

  @Test
  void redisCliPipe() throws Exception {
    Path input = dir.resolve("pipe.txt");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      String k = "pipe:" + i;
      b.append("*3\r\n$3\r\nSET\r\n$")
          .append(k.length())
          .append("\r\n")
          .append(k)
          .append("\r\n$1\r\nv\r\n");
    }
    Files.writeString(input, b, StandardCharsets.US_ASCII);
    Tools.Result r =
        Tools.run(
            List.of(
                Tools.require("redis-cli").toString(),
                "-p",
                Integer.toString(server.port()),
                "--pipe"),
            input,
            60);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("errors: 0, replies: 5000");
    assertThat(Tools.cli(server.port(), "EXISTS", "pipe:4999").output().strip()).isEqualTo("1");
  }

  @Test
  void redisBenchmarkCompletesWithoutErrors() throws Exception {
    Tools.Result r =
        Tools.run(
            List.of(
                Tools.require("redis-benchmark").toString(),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(server.port()),
                "-t",
                "set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,lrange,mset",
                "-q",
                "-n",
                "20000"),
            null,
            170);
    assertThat(r.exitCode()).as(r.output()).isZero();
    String out = r.output().replace('\r', '\n');
    for (String t :
        List.of(
            "SET:",
            "GET:",
            "INCR:",
            "LPUSH:",
            "RPUSH:",
            "LPOP:",
            "RPOP:",
            "SADD:",
            "HSET:",
            "LRANGE_100",
            "MSET")) {
      assertThat(out).contains(t);
    }
    assertThat(out).doesNotContainIgnoringCase("error");
    assertThat(server.core().stats().totalErrorReplies).isZero();
  }
}
