package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SentinelWatchTimeTest {

  @Test
  void aLogLinesTimeIsReadToTheMillisecondInLocalTime() {
    long expected =
        LocalDateTime.of(2026, 12, 6, 15, 30, 0, 123_000_000)
            .atZone(ZoneId.systemDefault())
            .toInstant()
            .toEpochMilli();
    assertThat(SentinelWatch.logMs("06 Dec 2026 15:30:00.123")).isEqualTo(expected);
    // one that does not parse is read as now
    long before = System.currentTimeMillis();
    assertThat(SentinelWatch.logMs("yesterday")).isBetween(before, System.currentTimeMillis());
  }
}
