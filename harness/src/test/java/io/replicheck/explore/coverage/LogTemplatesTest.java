package io.replicheck.explore.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTemplatesTest {
  @Test
  void redisLinesLoseTheirNumbersIdsAddressesAndKeepTheirRole() {
    assertThat(
            LogTemplates.of(
                    "8649:M 06 Dec 2026 12:30:25.928 * Partial resynchronization request from"
                        + " 127.0.0.1:40029 accepted. Sending 522324 bytes of backlog starting from"
                        + " offset 222495.")
                .feature())
        .isEqualTo(
            "log:M:Partial resynchronization request from <addr> accepted. Sending <n> bytes of"
                + " backlog starting from offset <n>.");
    assertThat(
            LogTemplates.of(
                    "8659:S 06 Dec 2026 12:30:25.927 * Trying a partial resynchronization (request"
                        + " 5d405f7d717c7fdc065a99e2310ed149c04cba19:222495).")
                .feature())
        .isEqualTo("log:S:Trying a partial resynchronization (request <id>:<n>).");
    assertThat(
            LogTemplates.of(
                    "8679:C 06 Dec 2026 12:30:19.910 * Fork CoW for RDB: current 0 MB, peak 0 MB")
                .feature())
        .isEqualTo("log:C:Fork CoW for RDB: current <n> MB, peak <n> MB");
  }

  @Test
  void twoRunsOfTheSameEventGiveTheSameTemplate() {
    String a =
        "6087:M 06 Dec 2026 12:29:06.497 * MASTER MODE enabled (user request from 'id=4"
            + " addr=127.0.0.1:47756 laddr=127.0.0.1:27102 fd=8 name= age=0 cmd=replicaof')";
    String b =
        "17:M 1 Jan 2027 00:00:00.000 * MASTER MODE enabled (user request from 'id=12"
            + " addr=127.0.0.1:1 laddr=127.0.0.1:2 fd=9 name=x age=5 cmd=replicaof')";
    assertThat(LogTemplates.of(a)).isEqualTo(LogTemplates.of(b));
    assertThat(LogTemplates.of(a).text())
        .isEqualTo("MASTER MODE enabled (user request from '<client>')");
    assertThat(
            LogTemplates.of(
                    "1:S 06 Dec 2026 12:29:06.497 # Fatal error loading the DB /tmp/a/dump.rdb: x")
                .text())
        .isEqualTo(
            LogTemplates.of(
                    "2:S 06 Dec 2026 12:29:06.497 # Fatal error loading the DB /store/b/c/dump.rdb: x")
                .text())
        .isEqualTo("Fatal error loading the DB <path>: x");
  }

  @Test
  void wordsWithDigitsVersionsAndOtherShapesAreHandled() {
    assertThat(LogTemplates.message("Received SIGTERM scheduling shutdown..."))
        .isEqualTo("Received SIGTERM scheduling shutdown...");
    assertThat(LogTemplates.message("sha256 of 17 oO0Oo")).isEqualTo("sha256 of <n> oO0Oo");
    assertThat(LogTemplates.message("Redis version=7.0.15, bits=64, pid=8649, just started"))
        .isEqualTo("Redis version=<n>, bits=<n>, pid=<n>, just started");
    assertThat(
            LogTemplates.message(
                "capa psync2 at 0x7f00deadbeef, node [::1]:6379 and localhost:7000"))
        .isEqualTo("capa psync2 at <hex>, node <addr> and <addr>");
    assertThat(
            LogTemplates.message(
                "my new replication IDs are '5d405f7d717c7fdc065a99e2310ed149c04cba19' and '"
                    + "0".repeat(40)
                    + "'"))
        .isEqualTo("my new replication IDs are '<id>' and '<null-id>'");
    assertThat(LogTemplates.message("Connection with replica client id #4 lost."))
        .isEqualTo("Connection with replica client id #<n> lost.");
    assertThat(
            LogTemplates.of(
                    "6086:signal-handler (1796560149) Received SIGTERM scheduling shutdown...")
                .feature())
        .isEqualTo("log:signal:Received SIGTERM scheduling shutdown...");
    assertThat(
            LogTemplates.of("=== REDIS BUG REPORT START: Cut & paste starting from here ===")
                .role())
        .isEqualTo("?");
    assertThat(LogTemplates.message("x".repeat(5000))).hasSize(LogTemplates.MAX_TEMPLATE_CHARS);
  }

  @Test
  void messagesWithTheSameSkeletonHaveTheSameTemplate() throws Exception {
    // every line of the two real runs, with its digits replaced by others (run lengths kept)
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    int lines = 0;
    for (String run : List.of("redis-run", "reference-run")) {
      try (var files = java.nio.file.Files.walk(RunFeaturesTest.resource(run))) {
        for (java.nio.file.Path f : files.filter(p -> p.endsWith("server.log")).toList()) {
          for (String line : java.nio.file.Files.readAllLines(f)) {
            String msg = LogTemplates.split(line).message();
            StringBuilder other = new StringBuilder();
            for (char c : msg.toCharArray())
              other.append(Character.isDigit(c) ? (char) ('1' + r.nextInt(9)) : c);
            // digits glued to a word are part of it (oO0Oo, sha256): then the skeleton differs too
            if (!LogTemplates.skeleton(other.toString()).equals(LogTemplates.skeleton(msg)))
              continue;
            assertThat(LogTemplates.message(other.toString())).isEqualTo(LogTemplates.message(msg));
            lines++;
          }
        }
      }
    }
    assertThat(lines).isGreaterThan(100);
    assertThat(LogTemplates.skeleton("ids '" + "0".repeat(40) + "' and 17"))
        .isEqualTo("ids '#z' and #2");
    assertThat(LogTemplates.skeleton("1.5")).isNotEqualTo(LogTemplates.skeleton("15"));
  }

  @Test
  void psyncOutcomesPerRole() {
    assertThat(
            PsyncOutcomes.of(
                "M",
                "Partial resynchronization request from 127.0.0.1:1 accepted. Sending 0 bytes"))
        .isEqualTo("psync:master:CONTINUE");
    assertThat(
            PsyncOutcomes.of(
                "S",
                "Partial resynchronization request from 127.0.0.1:1 accepted. Sending 0 bytes"))
        .isEqualTo("psync:sub-master:CONTINUE");
    assertThat(
            PsyncOutcomes.of(
                "M",
                "Partial resynchronization not accepted: Replication ID mismatch (Replica asked"))
        .isEqualTo("psync:master:FULLRESYNC/id-mismatch");
    assertThat(
            PsyncOutcomes.of(
                "M",
                "Unable to partial resync with replica 127.0.0.1:1 for lack of backlog (Replica request was: 5)."))
        .isEqualTo("psync:master:FULLRESYNC/no-backlog");
    assertThat(
            PsyncOutcomes.of(
                "S", "Full resync from master: 5d405f7d717c7fdc065a99e2310ed149c04cba19:0"))
        .isEqualTo("psync:replica:FULLRESYNC");
    assertThat(PsyncOutcomes.of("S", "Successful partial resynchronization with master."))
        .isEqualTo("psync:replica:CONTINUE");
    assertThat(
            PsyncOutcomes.of(
                "S",
                "Master is currently unable to PSYNC but should be in the future: -NOMASTERLINK"))
        .isEqualTo("psync:replica:error/try-later");
    assertThat(PsyncOutcomes.of("S", "Connecting to MASTER 127.0.0.1:1")).isNull();
  }

  @Test
  void aLogOfManyLinesKeepsAtMostTheCapOfTemplatesAndSaysSo() throws IOException {
    LogFeatures f = new LogFeatures(100);
    // 200,000 lines of 1,000 different messages, streamed from a reader that makes them up
    Reader lines =
        new Reader() {
          int line;
          String pending = "";
          int at;

          @Override
          public int read(char[] buf, int off, int len) {
            if (at == pending.length()) {
              if (line == 200_000) return -1;
              int kind = line++ % 1000;
              pending =
                  "1:M 06 Dec 2026 12:30:25.928 * event " + word(kind) + " happened 3 times\n";
              at = 0;
            }
            int n = Math.min(len, pending.length() - at);
            pending.getChars(at, at + n, buf, off);
            at += n;
            return n;
          }

          @Override
          public void close() {}
        };
    f.read(lines);
    assertThat(f.lines()).isEqualTo(200_000);
    assertThat(f.features().stream().filter(s -> s.startsWith("log:")))
        .hasSize(101)
        .contains("log:capped", "log:M:event aa happened <n> times");
    // edges only between kept templates (the 100 first kinds follow each other: 99 edges)
    assertThat(f.features().stream().filter(s -> s.startsWith("edge:")))
        .hasSize(99)
        .contains("edge:M:event aa happened <n> times => M:event ab happened <n> times");
    assertThat(f.droppedTemplates()).isEqualTo(200_000 - 100 * 200);
  }

  @Test
  void aVeryLongLineIsCutAndALastLineWithoutNewlineCounts() throws IOException {
    LogFeatures f = new LogFeatures(10);
    f.read(
        new StringReader(
            "1:M 06 Dec 2026 12:30:25.928 * "
                + "y".repeat(1_000_000)
                + "\r\n2:S 06 Dec 2026 12:30:25.928 * tail"));
    assertThat(f.lines()).isEqualTo(2);
    assertThat(f.features()).contains("log:S:tail").allMatch(s -> s.length() < 300);
  }

  @Test
  void hardWrittenLinesFromAListAreTheSameAsFromAReader() throws IOException {
    List<String> log =
        List.of(
            "1:M 06 Dec 2026 12:30:19.908 * Full resync requested by replica 127.0.0.1:40029",
            "1:M 06 Dec 2026 12:30:25.928 * Partial resynchronization request from 127.0.0.1:40029 accepted. Sending 5 bytes of backlog starting from offset 7.");
    LogFeatures a = new LogFeatures(10);
    a.acceptAll(log.iterator());
    LogFeatures b = new LogFeatures(10);
    b.read(new StringReader(String.join("\n", log) + "\n"));
    assertThat(a.features())
        .isEqualTo(b.features())
        .contains(
            "psync:master:FULLRESYNC/requested",
            "psync:master:CONTINUE",
            "log:M:Full resync requested by replica <addr>");
  }

  @Test
  void edgesFollowOneLogAndPsyncOutcomesCountInAflBuckets() throws IOException {
    String full = "1:M 06 Dec 2026 12:30:19.908 * Full resync requested by replica 127.0.0.1:4002";
    String lost = "1:M 06 Dec 2026 12:30:20.000 * Connection with replica 127.0.0.1:4002 lost.";
    LogFeatures f = new LogFeatures(10);
    // a resync loop on one node: five full resyncs, each followed by the link lost
    f.read(new StringReader((full + "\n" + lost + "\n").repeat(5)));
    // another node's log begins: no edge from the first log's last line to its first
    f.read(new StringReader("2:S 06 Dec 2026 12:30:21.000 * Ready to accept connections\n"));
    assertThat(f.features())
        .contains(
            "psync:master:FULLRESYNC/requested",
            "psync:master:FULLRESYNC/requested#4-7",
            "edge:M:Full resync requested by replica <addr> => M:Connection with replica <addr> lost.",
            "edge:M:Connection with replica <addr> lost. => M:Full resync requested by replica <addr>")
        .noneMatch(s -> s.startsWith("edge:") && s.contains("Ready to accept"))
        .noneMatch(s -> s.endsWith("#1") || s.endsWith("#8-15"));
    assertThat(LogFeatures.bucket(1)).isEqualTo("1");
    assertThat(LogFeatures.bucket(3)).isEqualTo("3");
    assertThat(LogFeatures.bucket(8)).isEqualTo("8-15");
    assertThat(LogFeatures.bucket(127)).isEqualTo("32-127");
    assertThat(LogFeatures.bucket(128)).isEqualTo("128+");
  }

  private static String word(int k) {
    // letters only, so the number stripping leaves them distinct
    return "" + (char) ('a' + k / 26 % 26) + (char) ('a' + k % 26) + (k >= 676 ? "z" : "");
  }
}
