package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** GEO* and SORT against figures redis-server 7.0.15 gives for the same commands. */
class GeoAndSortTest {
  final TestCore t = new TestCore();
  final TestCore.Conn c = t.connect();

  @Test
  void geoMatchesRedisScoresDistancesAndHashes() {
    assertThat(
            c.call(
                "GEOADD",
                "Sicily",
                "13.361389",
                "38.115556",
                "Palermo",
                "15.087269",
                "37.502669",
                "Catania"))
        .isEqualTo(2L);
    assertThat(t.propagated)
        .containsExactly("0: ZADD Sicily 3479099956230698 Palermo 3479447370796909 Catania");
    assertThat(c.call("ZSCORE", "Sicily", "Palermo")).isEqualTo("3479099956230698");
    assertThat(c.call("GEODIST", "Sicily", "Palermo", "Catania")).isEqualTo("166274.1516");
    assertThat(c.call("GEODIST", "Sicily", "Palermo", "Catania", "km")).isEqualTo("166.2742");
    assertThat(c.call("GEOHASH", "Sicily", "Palermo", "Catania", "x"))
        .isEqualTo(java.util.Arrays.asList("sqc8b49rny0", "sqdtr74hyu0", null));
    assertThat(c.call("GEOPOS", "Sicily", "Palermo").toString())
        .isEqualTo("[[13.36138933897018433, 38.11555639549629859]]");
    assertThat(c.call("GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHDIST", "ASC"))
        .isEqualTo(List.of(List.of("Catania", "56.4413"), List.of("Palermo", "190.4424")));
    assertThat(
            c.call(
                "GEOSEARCH",
                "Sicily",
                "FROMLONLAT",
                "15",
                "37",
                "BYBOX",
                "400",
                "400",
                "km",
                "DESC"))
        .isEqualTo(List.of("Palermo", "Catania"));
    assertThat(
            c.call(
                "GEOSEARCHSTORE",
                "dst",
                "Sicily",
                "FROMMEMBER",
                "Palermo",
                "BYRADIUS",
                "100",
                "km",
                "STOREDIST"))
        .isEqualTo(1L);
    assertThat(c.call("ZSCORE", "dst", "Palermo")).isEqualTo("0");
    assertThat(c.call("GEOADD", "Sicily", "200", "0", "x"))
        .isEqualTo(err("ERR invalid longitude,latitude pair 200.000000,0.000000"));
    assertThat(c.call("GEOSEARCH", "Sicily", "BYRADIUS", "1", "km", "ASC", "WITHDIST"))
        .isEqualTo(
            err("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for geosearch"));
  }

  @Test
  void sortByGetLimitAlphaStore() {
    c.call("RPUSH", "l", "3", "1", "2");
    c.call("MSET", "w_1", "30", "w_2", "20", "w_3", "10", "o_1", "one", "o_3", "three");
    assertThat(c.call("SORT", "l")).isEqualTo(List.of("1", "2", "3"));
    assertThat(c.call("SORT", "l", "DESC", "LIMIT", "0", "2")).isEqualTo(List.of("3", "2"));
    assertThat(c.call("SORT", "l", "BY", "w_*")).isEqualTo(List.of("3", "2", "1"));
    assertThat(c.call("SORT", "l", "BY", "nosort")).isEqualTo(List.of("3", "1", "2"));
    assertThat(c.call("SORT", "l", "GET", "o_*", "GET", "#"))
        .isEqualTo(java.util.Arrays.asList("one", "1", null, "2", "three", "3"));
    c.call("SADD", "s", "b", "a", "c");
    assertThat(c.call("SORT", "s"))
        .isEqualTo(err("ERR One or more scores can't be converted into double"));
    assertThat(c.call("SORT", "s", "ALPHA")).isEqualTo(List.of("a", "b", "c"));
    t.propagated.clear();
    assertThat(c.call("SORT", "l", "GET", "o_*", "STORE", "dst")).isEqualTo(3L);
    assertThat(c.call("LRANGE", "dst", "0", "-1")).isEqualTo(List.of("one", "", "three"));
    assertThat(t.propagated).containsExactly("0: SORT l GET o_* STORE dst");
    assertThat(c.call("SORT_RO", "l", "STORE", "x")).isEqualTo(err("ERR syntax error"));
  }

  /** Found by the differential fuzzer: a score past 2^64 (a script's ZADD of 1e20) as a geohash. */
  @Test
  void aScorePastUint64DecodesAsRedisOnX8664() {
    c.call("ZADD", "g", "1e20", "far");
    assertThat(c.call("GEOPOS", "g", "far"))
        .isEqualTo(List.of(List.of("-179.99999731779098511", "-85.05112751263942528")));
    assertThat(GeoCommands.toUint64(1e20)).isZero();
    assertThat(GeoCommands.toUint64(Double.POSITIVE_INFINITY)).isZero();
    assertThat(GeoCommands.toUint64(0x1p63)).isEqualTo(Long.MIN_VALUE);
    assertThat(GeoCommands.toUint64(-3)).isEqualTo(-3L);
    assertThat(GeoCommands.toUint64(3479099956230698.0)).isEqualTo(3479099956230698L);
  }
}
