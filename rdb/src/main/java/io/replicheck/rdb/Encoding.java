package io.replicheck.rdb;

/** Redis object encodings, as OBJECT ENCODING names them. */
public enum Encoding {
  INT("int"),
  EMBSTR("embstr"),
  RAW("raw"),
  LISTPACK("listpack"),
  QUICKLIST("quicklist"),
  INTSET("intset"),
  HASHTABLE("hashtable"),
  SKIPLIST("skiplist"),
  STREAM("stream");

  private final String redisName;

  Encoding(String redisName) {
    this.redisName = redisName;
  }

  /** The name OBJECT ENCODING replies with. */
  public String redisName() {
    return redisName;
  }
}
