package io.replicheck.rdb;

import java.util.List;

/**
 * A value in the neutral form the RDB codec and the dataset digest work on. The server keeps its
 * own in-memory structures and converts at the edge; the harness uses these to compare datasets.
 *
 * <p>{@code encoding} is the in-memory encoding the writer should use ({@link Encoding}); redis's
 * encodings are sticky (a hash that grew into a hashtable stays one), so the server passes what it
 * has. {@code null} lets the writer choose from the thresholds in {@link RdbWriteOptions}.
 */
public sealed interface RdbValue {
  Encoding encoding();

  /** A string; integers are strings whose bytes are a canonical decimal long. */
  record Str(byte[] value, Encoding encoding) implements RdbValue {}

  /** A list, head first. */
  record ListValue(List<byte[]> elements, Encoding encoding) implements RdbValue {}

  /** A hash as field/value pairs, in the server's iteration order. */
  record HashValue(List<byte[]> fields, List<byte[]> values, Encoding encoding)
      implements RdbValue {}

  /** A set's members, in the server's iteration order. */
  record SetValue(List<byte[]> members, Encoding encoding) implements RdbValue {}

  /**
   * A sorted set: members and their scores, parallel lists in ascending (score, member) order, the
   * order redis keeps them in. Encoding {@link Encoding#LISTPACK} or {@link Encoding#SKIPLIST}.
   */
  record ZSetValue(List<byte[]> members, List<Double> scores, Encoding encoding)
      implements RdbValue {}

  /**
   * A stream as redis keeps it (t_stream.c): its radix tree's listpack nodes as they are (the
   * 16-byte big-endian master ID and the listpack, deleted entries included), the metadata and the
   * consumer groups. IDs are unsigned 64-bit pairs held in longs. {@link StreamListpacks} builds
   * and reads the nodes.
   */
  record StreamValue(
      List<StreamListpacks.Node> nodes,
      long length,
      StreamListpacks.Id lastId,
      StreamListpacks.Id firstId,
      StreamListpacks.Id maxDeletedId,
      long entriesAdded,
      List<StreamListpacks.Group> groups)
      implements RdbValue {
    @Override
    public Encoding encoding() {
      return Encoding.STREAM;
    }
  }
}
