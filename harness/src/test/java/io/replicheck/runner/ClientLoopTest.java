package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.workload.ListAppendWorkload;
import io.replicheck.workload.OpSpec;
import io.replicheck.workload.PropagationWorkload;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a scheduled client sends in an op window with a share of reads. */
class ClientLoopTest {

  /**
   * The propagation workload names no keys to read (FS5 reads everything at the end). A generated
   * window with reads used to draw a read of one of no keys: the client thread died at its second
   * op, and the schedule, with nothing but the COMMAND INFO probe sent, came out valid (explore
   * seed 7003 with spop-propagated-verbatim: 1 ok op, the bug unseen).
   */
  @Test
  void aWorkloadWithNoKeysToReadSendsItsOwnOpsInAWindowOfReads() {
    PropagationWorkload w = new PropagationWorkload(2);
    Random random = new Random(7003);
    for (int readPercent : new int[] {0, 40, 100}) {
      for (int i = 0; i < 50; i++) {
        OpSpec op = ClientLoop.mixed(w, random, 0, readPercent);
        assertThat(op.f()).isNotEqualTo("read");
      }
    }
  }

  @Test
  void aWorkloadWithKeysReadsTheWindowsShare() {
    ListAppendWorkload w = new ListAppendWorkload(3);
    Random random = new Random(1);
    for (int i = 0; i < 50; i++) {
      assertThat(ClientLoop.mixed(w, random, 0, 100).f()).isEqualTo("read");
      assertThat(ClientLoop.mixed(w, random, 0, 0).f()).isNotEqualTo("read");
    }
  }
}
