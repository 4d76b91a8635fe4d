package io.replicheck.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server, full-sync and lag benchmarks' tables and results files, without running servers. */
class BenchTablesTest {
  @TempDir Path dir;

  @Test
  void serverTableGivesBothServersAndTheRatioAgainstTheGoal() {
    ServerBenchmark.Result r =
        new ServerBenchmark.Result(
            "bench",
            Instant.EPOCH,
            1.0,
            "/usr/bin/redis-server",
            1000,
            50,
            List.of(
                new ServerBenchmark.Row(1, 45_700, 50_600, 52_800, 44_100),
                new ServerBenchmark.Row(16, 357_000, 597_000, 704_000, 673_000)));
    assertThat(r.markdown())
        .contains(
            "| `-P 1` | 45.7k / 50.6k | 0.90 | 52.8k / 44.1k | 1.20 | 0.8 |",
            "| `-P 16` | 357k / 597k | 0.60 | 704k / 673k | 1.05 | 0.5 |");
  }

  @Test
  void serverTableGivesTheDataModelCommandsWithTheirMedians() {
    ServerBenchmark.Result r =
        new ServerBenchmark.Result(
            "bench",
            Instant.EPOCH,
            1.0,
            "/usr/bin/redis-server",
            1000,
            50,
            List.of(new ServerBenchmark.Row(1, 45_700, 50_600, 52_800, 44_100)),
            3,
            List.of(
                new ServerBenchmark.CommandRow(
                    "ZADD",
                    "zadd bench:zset __rand_int__ member:__rand_int__",
                    ServerBenchmark.median(List.of(30_000.0, 10_000.0, 32_000.0)),
                    40_000,
                    List.of(30_000.0, 10_000.0, 32_000.0),
                    List.of(40_000.0, 40_000.0, 40_000.0))));
    assertThat(r.markdown())
        .contains(
            "| `-P 1`, median of 3 rounds |",
            "| ZADD | `zadd bench:zset __rand_int__ member:__rand_int__` | 30.0k / 40.0k | 0.75 | 0.8 |");
  }

  @Test
  void everyDataModelCommandIsOneRedisBenchmarkCommandLine() {
    assertThat(ServerBenchmark.COMMANDS)
        .extracting(c -> c.get(0))
        .containsExactly("ZADD", "XADD", "EVALSHA", "PUBLISH");
    assertThat(ServerBenchmark.commandArgs(ServerBenchmark.COMMANDS.get(2), "abc", 10, 5))
        .containsExactly(
            "-n",
            "10",
            "-c",
            "5",
            "-P",
            "1",
            "-r",
            "100000",
            "evalsha",
            "abc",
            "1",
            "bench:key:__rand_int__",
            "value");
  }

  @Test
  void fullSyncAndLagTablesSayWhatWasChecked() {
    FullSyncBenchmark.Result f =
        new FullSyncBenchmark.Result(
            "bench",
            Instant.EPOCH,
            1.0,
            100_000,
            100,
            List.of(
                new FullSyncBenchmark.Row("redis", "reference", 0.891, true),
                new FullSyncBenchmark.Row("reference", "redis", 0.5, false)));
    assertThat(f.markdown())
        .contains(
            "full sync of 100,000 keys of 100 bytes",
            "| redis -> reference | 0.89 | equal |",
            "| reference -> redis | 0.50 | **differs** |");
    LagBenchmark.Result l =
        new LagBenchmark.Result(
            "bench",
            Instant.EPOCH,
            1.0,
            400_000,
            50,
            100,
            List.of(
                new LagBenchmark.Row(
                    "redis", "redis", 1, 52_233, 40, 60_912, 165_888, 170_000, true),
                new LagBenchmark.Row(
                    "reference", "reference", 1, 28_623, 40, 62_064, 478_080, 478_080, false),
                new LagBenchmark.Row(
                    "redis", "redis", 2, 50_000, 40, 60_912, 165_888, 170_000, true),
                new LagBenchmark.Row(
                    "reference", "reference", 2, 40_000, 40, 62_064, 165_888, 170_000, true)));
    assertThat(l.markdown())
        .contains(
            "`redis-benchmark -t set -n 400000 -c 50 -r 100000 -d 100`",
            "| redis -> redis | 52,233 req/s | 1.00x | 61 KB | 166 KB / 170 KB | - / - | 40 | equal |",
            "| reference -> reference | 28,623 req/s | 0.55x | 62 KB | 478 KB / 478 KB | - / - | 40 | **not equal within 60 s** |",
            "| reference -> 2 x reference | 40,000 req/s | 0.80x | 62 KB | 166 KB / 170 KB | - / - | 40 | equal |",
            "| certain lag median / max |");
  }

  @Test
  void quantilesByNearestRank() {
    assertThat(BenchNodes.quantile(List.of(3.0, 1.0, 2.0), 0.5)).isEqualTo(2.0);
    assertThat(BenchNodes.quantile(List.of(1.0, 2.0, 3.0, 4.0), 0.5)).isEqualTo(2.0);
    assertThat(BenchNodes.quantile(List.of(1.0, 2.0, 3.0, 4.0), 0.99)).isEqualTo(4.0);
    assertThat(BenchNodes.quantile(List.of(), 0.5)).isNaN();
  }

  @Test
  void resultsGoToJsonWithTheTableNextToIt() throws Exception {
    Path md =
        BenchNodes.write(
            dir.resolve("bench").resolve("lag.json"),
            java.util.Map.of("rows", List.of()),
            "| t |\n");
    assertThat(md).isEqualTo(dir.resolve("bench").resolve("lag.md")).hasContent("| t |");
    assertThat(Files.readString(dir.resolve("bench").resolve("lag.json"))).contains("\"rows\"");
  }
}
