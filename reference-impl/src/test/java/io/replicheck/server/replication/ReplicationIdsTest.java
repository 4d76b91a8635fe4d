package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplicationIdsTest {
  @Test
  void freshIdsAreFortyHexAndNoSecondHistory() {
    ReplicationIds ids = new ReplicationIds();
    assertThat(ids.replid()).matches("[0-9a-f]{40}");
    assertThat(ids.replid2()).isEqualTo("0".repeat(40));
    assertThat(ids.secondReplidOffset()).isEqualTo(-1);
    assertThat(new ReplicationIds().replid()).isNotEqualTo(ids.replid());
  }

  @Test
  void shiftKeepsOldIdAsSecondUpToNextByte() {
    ReplicationIds ids = new ReplicationIds(new Random(3));
    String old = ids.replid();
    ids.shiftReplicationId(1234);
    assertThat(ids.replid2()).isEqualTo(old);
    assertThat(ids.secondReplidOffset()).isEqualTo(1235);
    assertThat(ids.replid()).isNotEqualTo(old).matches("[0-9a-f]{40}");
  }

  @Test
  void changeAndClearAsDebugChangeReplId() {
    ReplicationIds ids = new ReplicationIds(new Random(4));
    ids.shiftReplicationId(10);
    String before = ids.replid();
    ids.changeReplicationId();
    ids.clearReplicationId2();
    assertThat(ids.replid()).isNotEqualTo(before);
    assertThat(ids.replid2()).isEqualTo(ReplicationIds.ZERO_ID);
    assertThat(ids.secondReplidOffset()).isEqualTo(-1);
  }

  @Test
  void adoptingNewMasterIdKeepsOursAsSecond() {
    ReplicationIds ids = new ReplicationIds(new Random(5));
    String mine = ids.replid();
    String theirs = "f".repeat(40);
    ids.adoptNewMasterId(theirs, 99);
    assertThat(ids.replid()).isEqualTo(theirs);
    assertThat(ids.replid2()).isEqualTo(mine);
    assertThat(ids.secondReplidOffset()).isEqualTo(100);
  }

  @Test
  void validatesIds() {
    assertThat(ReplicationIds.isValidId("0123456789abcdefABCDEF0123456789abcdef01")).isTrue();
    assertThat(ReplicationIds.isValidId("?")).isFalse();
    assertThat(ReplicationIds.isValidId("g".repeat(40))).isFalse();
    assertThat(ReplicationIds.isValidId(null)).isFalse();
    ReplicationIds ids = new ReplicationIds();
    assertThatThrownBy(() -> ids.setReplid("nope")).isInstanceOf(IllegalArgumentException.class);
  }
}
