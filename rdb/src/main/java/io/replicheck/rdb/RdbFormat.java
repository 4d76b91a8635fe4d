package io.replicheck.rdb;

/** The numbers of the RDB format (rdb.h of redis 7.0 and 7.2): version, value types, opcodes. */
public final class RdbFormat {
  private RdbFormat() {}

  /** The RDB version redis 7.0 writes. */
  public static final int VERSION = 10;

  /**
   * The newest version the reader accepts (redis 7.2 writes 11; the types we read are unchanged).
   */
  public static final int MAX_READ_VERSION = 11;

  public static final int TYPE_STRING = 0;
  public static final int TYPE_LIST = 1;
  public static final int TYPE_SET = 2;
  public static final int TYPE_ZSET = 3;
  public static final int TYPE_HASH = 4;
  public static final int TYPE_ZSET_2 = 5;
  public static final int TYPE_MODULE_PRE_GA = 6;
  public static final int TYPE_MODULE_2 = 7;
  public static final int TYPE_HASH_ZIPMAP = 9;
  public static final int TYPE_LIST_ZIPLIST = 10;
  public static final int TYPE_SET_INTSET = 11;
  public static final int TYPE_ZSET_ZIPLIST = 12;
  public static final int TYPE_HASH_ZIPLIST = 13;
  public static final int TYPE_LIST_QUICKLIST = 14;
  public static final int TYPE_STREAM_LISTPACKS = 15;
  public static final int TYPE_HASH_LISTPACK = 16;
  public static final int TYPE_ZSET_LISTPACK = 17;
  public static final int TYPE_LIST_QUICKLIST_2 = 18;
  public static final int TYPE_STREAM_LISTPACKS_2 = 19;
  public static final int TYPE_SET_LISTPACK = 20;
  public static final int TYPE_STREAM_LISTPACKS_3 = 21;

  public static final int OPCODE_FUNCTION2 = 245;
  public static final int OPCODE_FUNCTION_PRE_GA = 246;
  public static final int OPCODE_MODULE_AUX = 247;
  public static final int OPCODE_IDLE = 248;
  public static final int OPCODE_FREQ = 249;
  public static final int OPCODE_AUX = 250;
  public static final int OPCODE_RESIZEDB = 251;
  public static final int OPCODE_EXPIRETIME_MS = 252;
  public static final int OPCODE_EXPIRETIME = 253;
  public static final int OPCODE_SELECTDB = 254;
  public static final int OPCODE_EOF = 255;

  /** Quicklist node containers in TYPE_LIST_QUICKLIST_2. */
  public static final int QUICKLIST_NODE_PLAIN = 1;

  public static final int QUICKLIST_NODE_PACKED = 2;

  /** Special string encodings (length byte 11xxxxxx). */
  public static final int ENC_INT8 = 0;

  public static final int ENC_INT16 = 1;
  public static final int ENC_INT32 = 2;
  public static final int ENC_LZF = 3;

  /** Module value opcodes (used to skip MODULE_AUX payloads). */
  static final int MODULE_OPCODE_EOF = 0;

  static final int MODULE_OPCODE_SINT = 1;
  static final int MODULE_OPCODE_UINT = 2;
  static final int MODULE_OPCODE_FLOAT = 3;
  static final int MODULE_OPCODE_DOUBLE = 4;
  static final int MODULE_OPCODE_STRING = 5;

  /** A name for a value type byte the reader does not support, for error messages. */
  static String unsupportedTypeName(int type) {
    return switch (type) {
      case TYPE_MODULE_PRE_GA, TYPE_MODULE_2 -> "module";
      case TYPE_STREAM_LISTPACKS, TYPE_STREAM_LISTPACKS_2, TYPE_STREAM_LISTPACKS_3 -> "stream";
      default -> null;
    };
  }
}
