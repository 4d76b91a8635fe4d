package io.replicheck.server.command;

/**
 * The geohash boxes redis 7.0 scans for a GEO search (geohash_helper.c geohashGetAreasByShapeWGS84,
 * geohash.c geohashNeighbors): the box of the centre at a step estimated from the radius, and its
 * eight neighbours less those the search area cannot reach. A member outside these boxes is not
 * found even when it is within the radius (a tiny radius around a member whose cell the estimated
 * box does not cover), so the reference server scans the same boxes, in redis's order, to find the
 * same members in the same order.
 */
final class GeoAreas {
  private GeoAreas() {}

  private static final double MERCATOR_MAX = 20037726.37;
  private static final double D_R = Math.PI / 180.0;

  /** The score range [min, max) of each box to scan, in redis's order (duplicates dropped). */
  static long[][] scoreRanges(double lon, double lat, double radiusMeters, double[] bounds) {
    int steps = estimateSteps(radiusMeters, lat);
    long hash = encode(lon, lat, steps);
    long[] n = neighbors(hash, steps);
    boolean decrease = false;
    // n: north, south, east, west, north_east, north_west, south_east, south_west
    if (area(n[0], steps)[1] < bounds[3]) {
      decrease = true;
    }
    if (area(n[1], steps)[0] > bounds[1]) {
      decrease = true;
    }
    if (area(n[2], steps)[3] < bounds[2]) {
      decrease = true;
    }
    if (area(n[3], steps)[2] > bounds[0]) {
      decrease = true;
    }
    if (steps > 1 && decrease) {
      steps--;
      hash = encode(lon, lat, steps);
      n = neighbors(hash, steps);
    }
    boolean[] zero = new boolean[8];
    if (steps >= 2) {
      double[] a = area(hash, steps); // latMin, latMax, lonMin, lonMax
      if (a[0] < bounds[1]) {
        zero[1] = zero[7] = zero[6] = true;
      }
      if (a[1] > bounds[3]) {
        zero[0] = zero[4] = zero[5] = true;
      }
      if (a[2] < bounds[0]) {
        zero[3] = zero[7] = zero[5] = true;
      }
      if (a[3] > bounds[2]) {
        zero[2] = zero[6] = zero[4] = true;
      }
    }
    long[] boxes = {hash, n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]};
    boolean[] skip = {
      false, zero[0], zero[1], zero[2], zero[3], zero[4], zero[5], zero[6], zero[7]
    };
    long[][] out = new long[9][];
    int used = 0;
    int last = -1;
    for (int i = 0; i < 9; i++) {
      if (skip[i]) {
        continue; // GZERO: bits and step 0
      }
      // membersOfAllNeighbors skips a box equal to the one processed before it (huge radii);
      // its test "last_processed &&" never compares against the centre box (index 0)
      if (last > 0 && boxes[i] == boxes[last]) {
        continue;
      }
      int shift = 52 - steps * 2;
      out[used++] = new long[] {boxes[i] << shift, (boxes[i] + 1) << shift};
      last = i;
    }
    return java.util.Arrays.copyOf(out, used);
  }

  /**
   * geohashBoundingBox: {minLon, minLat, maxLon, maxLat} of a search of half-height and half-width
   * in meters around the centre.
   */
  static double[] boundingBox(double lon, double lat, double halfHeight, double halfWidth) {
    double r = GeoCommands.EARTH_RADIUS;
    double latDelta = (halfHeight / r) / D_R;
    double lonDeltaTop = (halfWidth / r / Math.cos((lat + latDelta) * D_R)) / D_R;
    double lonDeltaBottom = (halfWidth / r / Math.cos((lat - latDelta) * D_R)) / D_R;
    boolean southern = lat < 0;
    return new double[] {
      southern ? lon - lonDeltaBottom : lon - lonDeltaTop,
      lat - latDelta,
      southern ? lon + lonDeltaBottom : lon + lonDeltaTop,
      lat + latDelta
    };
  }

  static int estimateSteps(double rangeMeters, double lat) {
    if (rangeMeters == 0) {
      return 26;
    }
    int step = 1;
    while (rangeMeters < MERCATOR_MAX) {
      rangeMeters *= 2;
      step++;
    }
    step -= 2;
    if (lat > 66 || lat < -66) {
      step--;
      if (lat > 80 || lat < -80) {
        step--;
      }
    }
    return Math.max(1, Math.min(26, step));
  }

  private static long encode(double lon, double lat, int step) {
    return GeoCommands.encode(
        lon,
        lat,
        GeoCommands.LONG_MIN,
        GeoCommands.LONG_MAX,
        GeoCommands.LAT_MIN,
        GeoCommands.LAT_MAX,
        step);
  }

  /** geohashDecode: {latMin, latMax, lonMin, lonMax} of a box. */
  private static double[] area(long bits, int step) {
    long sep = GeoCommands.deinterleave(bits);
    long ilato = sep & 0xffffffffL;
    long ilono = sep >>> 32;
    double latScale = GeoCommands.LAT_MAX - GeoCommands.LAT_MIN;
    double lonScale = GeoCommands.LONG_MAX - GeoCommands.LONG_MIN;
    double div = (double) (1L << step);
    return new double[] {
      GeoCommands.LAT_MIN + (ilato * 1.0 / div) * latScale,
      GeoCommands.LAT_MIN + ((ilato + 1) * 1.0 / div) * latScale,
      GeoCommands.LONG_MIN + (ilono * 1.0 / div) * lonScale,
      GeoCommands.LONG_MIN + ((ilono + 1) * 1.0 / div) * lonScale
    };
  }

  /** north, south, east, west, north_east, north_west, south_east, south_west. */
  private static long[] neighbors(long h, int step) {
    return new long[] {
      moveY(h, step, 1),
      moveY(h, step, -1),
      moveX(h, step, 1),
      moveX(h, step, -1),
      moveY(moveX(h, step, 1), step, 1),
      moveY(moveX(h, step, -1), step, 1),
      moveY(moveX(h, step, 1), step, -1),
      moveY(moveX(h, step, -1), step, -1)
    };
  }

  private static long moveX(long bits, int step, int d) {
    long x = bits & 0xaaaaaaaaaaaaaaaaL;
    long y = bits & 0x5555555555555555L;
    long zz = 0x5555555555555555L >>> (64 - step * 2);
    if (d > 0) {
      x = x + (zz + 1);
    } else {
      x = x | zz;
      x = x - (zz + 1);
    }
    x &= 0xaaaaaaaaaaaaaaaaL >>> (64 - step * 2);
    return x | y;
  }

  private static long moveY(long bits, int step, int d) {
    long x = bits & 0xaaaaaaaaaaaaaaaaL;
    long y = bits & 0x5555555555555555L;
    long zz = 0xaaaaaaaaaaaaaaaaL >>> (64 - step * 2);
    if (d > 0) {
      y = y + (zz + 1);
    } else {
      y = y | zz;
      y = y - (zz + 1);
    }
    y &= 0x5555555555555555L >>> (64 - step * 2);
    return x | y;
  }
}
