package io.replicheck.server.command;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Db;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RZSet;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * GEO* on sorted sets, as redis 7.0's geo.c: a point is stored as the 52-bit interleaved geohash of
 * its longitude and latitude (the same score redis stores), GEOADD runs and is propagated as ZADD,
 * distances are redis's haversine on a 6372797.560856 m sphere. Searches scan the geohash boxes
 * redis scans ({@link GeoAreas}), in its order, so the same members match in the same order.
 */
final class GeoCommands {
  private GeoCommands() {}

  static final double LONG_MIN = -180;
  static final double LONG_MAX = 180;
  static final double LAT_MIN = -85.05112878;
  static final double LAT_MAX = 85.05112878;
  static final int STEP = 26;
  static final double EARTH_RADIUS = 6372797.560856;
  private static final String ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";

  private static final int RADIUS_COORDS = 1;
  private static final int RADIUS_MEMBER = 2;
  private static final int NOSTORE = 4;
  private static final int SEARCH = 8;
  private static final int SEARCHSTORE = 16;

  static void register(CommandTable t) {
    t.register(CommandSpec.of("geoadd", -5, "write denyoom", 1, 1, 1, GeoCommands::geoadd));
    t.register(CommandSpec.of("geodist", -4, "readonly", 1, 1, 1, GeoCommands::geodist));
    t.register(CommandSpec.of("geohash", -2, "readonly", 1, 1, 1, GeoCommands::geohash));
    t.register(CommandSpec.of("geopos", -2, "readonly", 1, 1, 1, GeoCommands::geopos));
    t.register(
        CommandSpec.of(
            "georadius",
            -6,
            "denyoom movablekeys write",
            1,
            1,
            1,
            c -> search(c, RADIUS_COORDS, 1)));
    t.register(
        CommandSpec.of(
            "georadius_ro", -6, "readonly", 1, 1, 1, c -> search(c, RADIUS_COORDS | NOSTORE, 1)));
    t.register(
        CommandSpec.of(
            "georadiusbymember",
            -5,
            "denyoom movablekeys write",
            1,
            1,
            1,
            c -> search(c, RADIUS_MEMBER, 1)));
    t.register(
        CommandSpec.of(
            "georadiusbymember_ro",
            -5,
            "readonly",
            1,
            1,
            1,
            c -> search(c, RADIUS_MEMBER | NOSTORE, 1)));
    t.register(CommandSpec.of("geosearch", -7, "readonly", 1, 1, 1, c -> search(c, SEARCH, 1)));
    t.register(
        CommandSpec.of(
            "geosearchstore",
            -8,
            "write denyoom",
            1,
            2,
            1,
            c -> search(c, SEARCH | SEARCHSTORE, 2)));
  }

  // ---------------------------------------------------------------- geohash

  /** geohashEncodeWGS84 + geohashAlign52Bits: the score of a point. */
  static long encode(double lon, double lat) {
    return encode(lon, lat, LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX);
  }

  static long encode(
      double lon, double lat, double lonMin, double lonMax, double latMin, double latMax) {
    return encode(lon, lat, lonMin, lonMax, latMin, latMax, STEP);
  }

  /** geohashEncode at {@code step} bits per coordinate. */
  static long encode(
      double lon,
      double lat,
      double lonMin,
      double lonMax,
      double latMin,
      double latMax,
      int step) {
    double latOffset = (lat - latMin) / (latMax - latMin);
    double lonOffset = (lon - lonMin) / (lonMax - lonMin);
    latOffset *= (1L << step);
    lonOffset *= (1L << step);
    return interleave((long) latOffset & 0xffffffffL, (long) lonOffset & 0xffffffffL);
  }

  private static long interleave(long x, long y) {
    long[] b = {
      0x5555555555555555L,
      0x3333333333333333L,
      0x0F0F0F0F0F0F0F0FL,
      0x00FF00FF00FF00FFL,
      0x0000FFFF0000FFFFL
    };
    int[] s = {1, 2, 4, 8, 16};
    for (int i = 4; i >= 0; i--) {
      x = (x | (x << s[i])) & b[i];
      y = (y | (y << s[i])) & b[i];
    }
    return x | (y << 1);
  }

  static long deinterleave(long interleaved) {
    long[] b = {
      0x5555555555555555L,
      0x3333333333333333L,
      0x0F0F0F0F0F0F0F0FL,
      0x00FF00FF00FF00FFL,
      0x0000FFFF0000FFFFL,
      0x00000000FFFFFFFFL
    };
    int[] s = {0, 1, 2, 4, 8, 16};
    long x = interleaved;
    long y = interleaved >>> 1;
    x = (x | (x >>> s[0])) & b[0];
    y = (y | (y >>> s[0])) & b[0];
    for (int i = 1; i <= 5; i++) {
      x = (x | (x >>> s[i])) & b[i];
      y = (y | (y >>> s[i])) & b[i];
    }
    return x | (y << 32);
  }

  /**
   * {@code (uint64_t)score} as gcc compiles it on x86-64: below 2^63 cvttsd2si (out of range or
   * NaN: 0x8000000000000000), else cvttsd2si of score - 2^63 with bit 63 flipped; so 1e20 or inf
   * give 0, where Java's saturating cast gives all ones.
   */
  static long toUint64(double score) {
    if (score >= 0x1p63) {
      return cvttsd2si(score - 0x1p63) ^ Long.MIN_VALUE;
    }
    return cvttsd2si(score);
  }

  private static long cvttsd2si(double d) {
    return Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63 ? Long.MIN_VALUE : (long) d;
  }

  /** geohashDecodeToLongLatWGS84: the centre of the score's cell, clamped to the valid range. */
  static double[] decode(double score) {
    long bits = toUint64(score);
    long hashSep = deinterleave(bits);
    double latScale = LAT_MAX - LAT_MIN;
    double lonScale = LONG_MAX - LONG_MIN;
    long ilato = hashSep & 0xffffffffL;
    long ilono = hashSep >>> 32;
    double latMin = LAT_MIN + (ilato * 1.0 / (1L << STEP)) * latScale;
    double latMax = LAT_MIN + ((ilato + 1) * 1.0 / (1L << STEP)) * latScale;
    double lonMin = LONG_MIN + (ilono * 1.0 / (1L << STEP)) * lonScale;
    double lonMax = LONG_MIN + ((ilono + 1) * 1.0 / (1L << STEP)) * lonScale;
    double lon = (lonMin + lonMax) / 2;
    double lat = (latMin + latMax) / 2;
    lon = Math.max(LONG_MIN, Math.min(LONG_MAX, lon));
    lat = Math.max(LAT_MIN, Math.min(LAT_MAX, lat));
    return new double[] {lon, lat};
  }

  static double latDistance(double lat1, double lat2) {
    return EARTH_RADIUS * Math.abs(Math.toRadians(lat2) - Math.toRadians(lat1));
  }

  /** geohashGetDistance. */
  static double distance(double lon1, double lat1, double lon2, double lat2) {
    double lon1r = Math.toRadians(lon1);
    double lon2r = Math.toRadians(lon2);
    double v = Math.sin((lon2r - lon1r) / 2);
    if (v == 0.0) {
      return latDistance(lat1, lat2);
    }
    double lat1r = Math.toRadians(lat1);
    double lat2r = Math.toRadians(lat2);
    double u = Math.sin((lat2r - lat1r) / 2);
    double a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
    return 2.0 * EARTH_RADIUS * Math.asin(Math.sqrt(a));
  }

  // ---------------------------------------------------------------- argument helpers

  private static double[] lonLat(CommandContext c, int at) {
    Double lon = parseD(c.arg(at));
    Double lat = lon == null ? null : parseD(c.arg(at + 1));
    if (lon == null || lat == null) {
      c.error("ERR value is not a valid float");
      return null;
    }
    if (lon < LONG_MIN || lon > LONG_MAX || lat < LAT_MIN || lat > LAT_MAX) {
      c.error("ERR invalid longitude,latitude pair " + cf(lon) + "," + cf(lat));
      return null;
    }
    return new double[] {lon, lat};
  }

  /** strtod as redis's getDoubleFromObject: null when invalid, NaN or out of a double's range. */
  private static Double parseD(byte[] arg) {
    Double d = Numbers.parseDouble(arg);
    if (d != null
        && Double.isInfinite(d)
        && !new String(arg, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT).contains("inf")) {
      return null;
    }
    return d;
  }

  /** C's %f. */
  private static String cf(double d) {
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    return String.format(Locale.ROOT, "%f", d);
  }

  /** extractUnitOrReply: meters per unit, or -1 after an error reply. */
  private static double unit(CommandContext c, byte[] u) {
    String s = new String(u, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    return switch (s) {
      case "m" -> 1;
      case "km" -> 1000;
      case "ft" -> 0.3048;
      case "mi" -> 1609.34;
      default -> {
        c.error("ERR unsupported unit provided. please use M, KM, FT, MI");
        yield -1;
      }
    };
  }

  private static String dist4(double d) {
    return String.format(Locale.ROOT, "%.4f", d);
  }

  private static void human(CommandContext c, double d) {
    if (c.reply().protocol() >= 3) {
      c.reply().doubleValue(d);
    } else {
      c.reply().bulk(Numbers.formatHuman(new BigDecimal(d)));
    }
  }

  // ---------------------------------------------------------------- commands

  static void geoadd(CommandContext c) {
    int longidx = 2;
    boolean nx = false;
    boolean xx = false;
    while (longidx < c.argc()) {
      if (Args.eq(c.arg(longidx), "nx")) {
        nx = true;
      } else if (Args.eq(c.arg(longidx), "xx")) {
        xx = true;
      } else if (!Args.eq(c.arg(longidx), "ch")) {
        break;
      }
      longidx++;
    }
    if ((c.argc() - longidx) % 3 != 0 || (xx && nx)) {
      c.syntaxError();
      return;
    }
    int elements = (c.argc() - longidx) / 3;
    byte[][] argv = new byte[longidx + elements * 2][];
    argv[0] = "ZADD".getBytes(StandardCharsets.US_ASCII);
    for (int i = 1; i < longidx; i++) {
      argv[i] = c.arg(i);
    }
    for (int i = 0; i < elements; i++) {
      double[] xy = lonLat(c, longidx + i * 3);
      if (xy == null) {
        return;
      }
      argv[longidx + i * 2] =
          Long.toString(encode(xy[0], xy[1])).getBytes(StandardCharsets.US_ASCII);
      argv[longidx + i * 2 + 1] = c.arg(longidx + i * 3 + 2);
    }
    CommandSpec zadd = c.core().commands().lookup("zadd");
    zadd.handler().execute(c.rewritten(zadd, argv));
    c.propagateAs(argv);
  }

  static void geodist(CommandContext c) {
    double toMeters = 1;
    if (c.argc() == 5) {
      toMeters = unit(c, c.arg(4));
      if (toMeters < 0) {
        return;
      }
    } else if (c.argc() > 5) {
      c.syntaxError();
      return;
    }
    RZSet z = ZSetCommands.zset(c, c.db(), c.arg(1), false);
    if (z == ZSetCommands.WRONG) {
      return;
    }
    Double s1 = z == null ? null : z.score(c.arg(2));
    Double s2 = z == null ? null : z.score(c.arg(3));
    if (s1 == null || s2 == null) {
      c.reply().nullBulk();
      return;
    }
    double[] a = decode(s1);
    double[] b = decode(s2);
    c.reply().bulk(dist4(distance(a[0], a[1], b[0], b[1]) / toMeters));
  }

  static void geohash(CommandContext c) {
    RZSet z = ZSetCommands.zset(c, c.db(), c.arg(1), false);
    if (z == ZSetCommands.WRONG) {
      return;
    }
    c.reply().arrayHeader(c.argc() - 2);
    for (int j = 2; j < c.argc(); j++) {
      Double s = z == null ? null : z.score(c.arg(j));
      if (s == null) {
        c.reply().nullBulk();
        continue;
      }
      double[] xy = decode(s);
      long bits = encode(xy[0], xy[1], -180, 180, -90, 90);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 11; i++) {
        int idx = i == 10 ? 0 : (int) ((bits >>> (52 - ((i + 1) * 5))) & 0x1f);
        b.append(ALPHABET.charAt(idx));
      }
      c.reply().bulk(b.toString());
    }
  }

  static void geopos(CommandContext c) {
    RZSet z = ZSetCommands.zset(c, c.db(), c.arg(1), false);
    if (z == ZSetCommands.WRONG) {
      return;
    }
    c.reply().arrayHeader(c.argc() - 2);
    for (int j = 2; j < c.argc(); j++) {
      Double s = z == null ? null : z.score(c.arg(j));
      if (s == null) {
        c.reply().nullArray();
        continue;
      }
      double[] xy = decode(s);
      c.reply().arrayHeader(2);
      human(c, xy[0]);
      human(c, xy[1]);
    }
  }

  /** A matching member. */
  private record Point(byte[] member, double score, double dist, double lon, double lat) {}

  /** georadiusGeneric: GEORADIUS(_RO), GEORADIUSBYMEMBER(_RO), GEOSEARCH, GEOSEARCHSTORE. */
  static void search(CommandContext c, int flags, int srcKeyIndex) {
    Db db = c.db();
    RZSet z = ZSetCommands.zset(c, db, c.arg(srcKeyIndex), false);
    if (z == ZSetCommands.WRONG) {
      return;
    }
    String fullname = c.spec().name();
    byte[] storekey = null;
    boolean storedist = false;
    double[] center = null;
    double toMeters = 1;
    double radius = -1;
    double width = -1;
    double height = -1;
    double[] boxUnits = null; // BYBOX width and height as given, for redis's step estimate
    int baseArgs;
    if ((flags & RADIUS_COORDS) != 0) {
      baseArgs = 6;
      center = lonLat(c, 2);
      if (center == null) {
        return;
      }
      double[] d = distanceArg(c, 4);
      if (d == null) {
        return;
      }
      radius = d[0];
      toMeters = d[1];
    } else if ((flags & RADIUS_MEMBER) != 0) {
      baseArgs = 5;
      if (z != null) {
        Double s = z.score(c.arg(2));
        if (s == null) {
          c.error("ERR could not decode requested zset member");
          return;
        }
        center = decode(s);
        double[] d = distanceArg(c, 3);
        if (d == null) {
          return;
        }
        radius = d[0];
        toMeters = d[1];
      }
    } else {
      baseArgs = (flags & SEARCHSTORE) != 0 ? 3 : 2;
      if ((flags & SEARCHSTORE) != 0) {
        storekey = c.arg(1);
      }
    }
    boolean withdist = false;
    boolean withhash = false;
    boolean withcoords = false;
    boolean frommember = false;
    boolean fromloc = false;
    boolean byradius = false;
    boolean bybox = false;
    int sort = 0;
    boolean any = false;
    long count = 0;
    boolean search = (flags & SEARCH) != 0;
    int remaining = c.argc() - baseArgs;
    for (int i = 0; i < remaining; i++) {
      int at = baseArgs + i;
      byte[] arg = c.arg(at);
      if (Args.eq(arg, "withdist")) {
        withdist = true;
      } else if (Args.eq(arg, "withhash")) {
        withhash = true;
      } else if (Args.eq(arg, "withcoord")) {
        withcoords = true;
      } else if (Args.eq(arg, "any")) {
        any = true;
      } else if (Args.eq(arg, "asc")) {
        sort = 1;
      } else if (Args.eq(arg, "desc")) {
        sort = 2;
      } else if (Args.eq(arg, "count") && i + 1 < remaining) {
        Long n = c.longArg(at + 1);
        if (n == null) {
          return;
        }
        if (n <= 0) {
          c.error("ERR COUNT must be > 0");
          return;
        }
        count = n;
        i++;
      } else if ((Args.eq(arg, "store") || Args.eq(arg, "storedist"))
          && i + 1 < remaining
          && (flags & NOSTORE) == 0
          && !search) {
        storekey = c.arg(at + 1);
        storedist = Args.eq(arg, "storedist");
        i++;
      } else if (Args.eq(arg, "storedist") && search && (flags & SEARCHSTORE) != 0) {
        storedist = true;
      } else if (Args.eq(arg, "frommember") && i + 1 < remaining && search && !fromloc) {
        frommember = true;
        if (z != null) {
          Double s = z.score(c.arg(at + 1));
          if (s == null) {
            c.error("ERR could not decode requested zset member");
            return;
          }
          center = decode(s);
        }
        i++;
      } else if (Args.eq(arg, "fromlonlat") && i + 2 < remaining && search && !frommember) {
        center = lonLat(c, at + 1);
        if (center == null) {
          return;
        }
        fromloc = true;
        i += 2;
      } else if (Args.eq(arg, "byradius") && i + 2 < remaining && search && !bybox) {
        double[] d = distanceArg(c, at + 1);
        if (d == null) {
          return;
        }
        radius = d[0];
        toMeters = d[1];
        byradius = true;
        i += 2;
      } else if (Args.eq(arg, "bybox") && i + 3 < remaining && search && !byradius) {
        Double w = parseD(c.arg(at + 1));
        if (w == null) {
          c.error("ERR need numeric width");
          return;
        }
        Double h = parseD(c.arg(at + 2));
        if (h == null) {
          c.error("ERR need numeric height");
          return;
        }
        if (w < 0 || h < 0) {
          c.error("ERR height or width cannot be negative");
          return;
        }
        toMeters = unit(c, c.arg(at + 3));
        if (toMeters < 0) {
          return;
        }
        width = w * toMeters;
        height = h * toMeters;
        boxUnits = new double[] {w, h};
        bybox = true;
        i += 3;
      } else {
        c.syntaxError();
        return;
      }
    }
    if (storekey != null && (withdist || withhash || withcoords)) {
      c.error(
          "ERR STORE option in "
              + fullname
              + " is not compatible with WITHDIST, WITHHASH and WITHCOORDS options");
      return;
    }
    if (search && !(frommember || fromloc)) {
      c.error("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + fullname);
      return;
    }
    if (search && !(byradius || bybox)) {
      c.error("ERR exactly one of BYRADIUS and BYBOX can be specified for " + fullname);
      return;
    }
    if (any && count == 0) {
      c.error("ERR the ANY argument requires COUNT argument");
      return;
    }
    if (z == null) {
      if (storekey != null) {
        if (db.delete(storekey)) {
          c.signalModified(storekey);
          c.dirty(1);
        }
        c.reply().integer(0);
      } else {
        c.reply().arrayHeader(0);
      }
      return;
    }
    if (count != 0 && sort == 0 && !any) {
      sort = 1;
    }
    // the boxes redis scans (GeoAreas), each in score order: members outside them are not found
    double radiusMeters =
        bybox
            ? Math.sqrt(
                    (boxUnits[0] / 2) * (boxUnits[0] / 2) + (boxUnits[1] / 2) * (boxUnits[1] / 2))
                * toMeters
            : radius;
    double[] bounds =
        GeoAreas.boundingBox(
            center[0], center[1], bybox ? height / 2 : radius, bybox ? width / 2 : radius);
    List<Point> found = new ArrayList<>();
    boxes:
    for (long[] box : GeoAreas.scoreRanges(center[0], center[1], radiusMeters, bounds)) {
      if (any && !found.isEmpty() && found.size() >= count) {
        break;
      }
      int from = z.firstInRange(new RZSet.ScoreRange(box[0], box[1], false, true));
      for (int i = from; i >= 0 && i < z.size() && z.score(i) < box[1]; i++) {
        double score = z.score(i);
        double[] xy = decode(score);
        double dist;
        if (bybox) {
          if (latDistance(xy[1], center[1]) > height / 2
              || distance(xy[0], xy[1], center[0], xy[1]) > width / 2) {
            continue;
          }
          dist = distance(center[0], center[1], xy[0], xy[1]);
        } else {
          dist = distance(center[0], center[1], xy[0], xy[1]);
          if (dist > radius) {
            continue;
          }
        }
        found.add(new Point(z.member(i), score, dist, xy[0], xy[1]));
        if (any && found.size() == count) {
          break boxes;
        }
      }
    }
    if (sort == 1) {
      found.sort(Comparator.comparingDouble(Point::dist));
    } else if (sort == 2) {
      found.sort(Comparator.comparingDouble(Point::dist).reversed());
    }
    int returned = (int) (count == 0 || found.size() < count ? found.size() : count);
    if (storekey == null) {
      int options = (withdist ? 1 : 0) + (withcoords ? 1 : 0) + (withhash ? 1 : 0);
      c.reply().arrayHeader(returned);
      for (int i = 0; i < returned; i++) {
        Point p = found.get(i);
        if (options > 0) {
          c.reply().arrayHeader(options + 1);
        }
        c.reply().bulk(p.member());
        if (withdist) {
          c.reply().bulk(dist4(p.dist() / toMeters));
        }
        if (withhash) {
          c.reply().integer((long) p.score());
        }
        if (withcoords) {
          c.reply().arrayHeader(2);
          human(c, p.lon());
          human(c, p.lat());
        }
      }
      return;
    }
    if (returned > 0) {
      var limits = c.core().config().limits;
      RZSet out = RZSet.skiplist();
      for (int i = 0; i < returned; i++) {
        Point p = found.get(i);
        out.insert(p.member(), storedist ? p.dist() / toMeters : p.score(), limits);
      }
      out.convertToListpackIfNeeded(limits);
      db.set(storekey, out);
      c.signalModified(storekey);
      c.dirty(returned);
    } else if (db.delete(storekey)) {
      c.signalModified(storekey);
      c.dirty(1);
    }
    c.reply().integer(returned);
  }

  /** extractDistanceOrReply: {radius in meters, meters per unit}, or null after an error. */
  private static double[] distanceArg(CommandContext c, int at) {
    Double r = parseD(c.arg(at));
    if (r == null) {
      c.error("ERR need numeric radius");
      return null;
    }
    if (r < 0) {
      c.error("ERR radius cannot be negative");
      return null;
    }
    double toMeters = unit(c, c.arg(at + 1));
    if (toMeters < 0) {
      return null;
    }
    return new double[] {r * toMeters, toMeters};
  }
}
