package io.replicheck.report.data;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line of history.jsonl. {@code process} is -1 for the nemesis; {@code value} is the raw JSON
 * value (null, a number, a string or a list).
 */
public record HistoryEvent(long index, int process, String type, String f, String key, JsonNode value,
    long time, String node, String error) {

  public static final int NEMESIS = -1;

  public boolean isNemesis() {
    return process == NEMESIS;
  }
}
