package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SentinelWatchTimeTest {

  @Test
  void aLogLinesTimeIsReadToTheMillisecondInTheNodesZone() {
    LocalDateTime at = LocalDateTime.of(2026, 12, 6, 15, 30, 0, 123_000_000);
    assertThat(SentinelWatch.logMs("06 Dec 2026 15:30:00.123", ZoneId.systemDefault()))
        .isEqualTo(at.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli());
    // the zone the nodes log in, whatever the harness's own (a container from scratch: UTC)
    ZoneId plus2 = ZoneOffset.ofHours(2);
    assertThat(SentinelWatch.logMs("06 Dec 2026 15:30:00.123", plus2))
        .isEqualTo(at.atZone(plus2).toInstant().toEpochMilli());
    // one that does not parse is read as now
    long before = System.currentTimeMillis();
    assertThat(SentinelWatch.logMs("yesterday", ZoneOffset.UTC))
        .isBetween(before, System.currentTimeMillis());
  }
}
