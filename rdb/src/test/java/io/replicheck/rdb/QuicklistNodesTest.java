package io.replicheck.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lists are cut into listpack nodes as a quicklist filled by RPUSH would be. */
class QuicklistNodesTest {
  /** Writes a list as a DUMP body (no compression) and returns each node's listpack. */
  static List<byte[]> nodes(List<byte[]> elements, int fill) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RdbWriter w = new RdbWriter(out, new RdbWriteOptions(false, true, fill, 128, 64, 512));
    w.writeTypeAndValue(new RdbValue.ListValue(elements, null));
    w.flush();
    byte[] b = out.toByteArray();
    assertThat(b[0]).isEqualTo((byte) RdbFormat.TYPE_LIST_QUICKLIST_2);
    int[] p = {1};
    long n = len(b, p);
    List<byte[]> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      assertThat(len(b, p)).isEqualTo(RdbFormat.QUICKLIST_NODE_PACKED);
      int l = (int) len(b, p);
      byte[] lp = new byte[l];
      System.arraycopy(b, p[0], lp, 0, l);
      p[0] += l;
      nodes.add(lp);
    }
    assertThat(p[0]).isEqualTo(b.length);
    return nodes;
  }

  static long len(byte[] b, int[] p) {
    int first = b[p[0]++] & 0xff;
    switch (first >> 6) {
      case 0:
        return first;
      case 1:
        return ((first & 0x3f) << 8) | (b[p[0]++] & 0xff);
      default:
        assertThat(first).isEqualTo(0x80);
        long v = 0;
        for (int i = 0; i < 4; i++) {
          v = (v << 8) | (b[p[0]++] & 0xff);
        }
        return v;
    }
  }

  @Test
  void defaultFillCutsNodesAt8kb() throws IOException {
    List<byte[]> elements = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      elements.add(TestValues.b("v".repeat(90) + String.format("%04d", i)));
    }
    List<byte[]> nodes = nodes(elements, -2);
    int total = 0;
    for (int i = 0; i < nodes.size(); i++) {
      byte[] lp = nodes.get(i);
      assertThat(lp.length).isLessThanOrEqualTo(8192);
      int count = Listpack.decode(lp).size();
      total += count;
      if (i < nodes.size() - 1) {
        // Greedy: the next element (94 bytes + 8 of estimated overhead) did not fit.
        assertThat(lp.length + 94 + 8).isGreaterThan(8192);
      }
    }
    assertThat(total).isEqualTo(1000);
    // each entry takes 2 + 94 + 1 bytes: (8192 - 7 - 94 - 8) / 97 + 1 = 84 per node
    assertThat(Listpack.decode(nodes.get(0))).hasSize(84);
    assertThat(nodes).hasSize(12);
  }

  @Test
  void positiveFillCountsEntries() throws IOException {
    List<byte[]> elements = Datasets.strings("e", 23);
    List<byte[]> nodes = nodes(elements, 5);
    assertThat(nodes).hasSize(5);
    assertThat(Listpack.decode(nodes.get(0))).hasSize(5);
    assertThat(Listpack.decode(nodes.get(4))).hasSize(3);
  }

  @Test
  void elementsLargerThanTheNodeLimitGetTheirOwnNode() throws IOException {
    List<byte[]> elements = new ArrayList<>();
    elements.add(TestValues.b("small"));
    elements.add(TestValues.b("B".repeat(10_000)));
    elements.add(TestValues.b("small2"));
    List<byte[]> nodes = nodes(elements, -2);
    assertThat(nodes).hasSize(3);
  }
}
