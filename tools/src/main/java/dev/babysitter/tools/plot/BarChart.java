package dev.babysitter.tools.plot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Horizontal grouped bars as data: for each category (row), one value per series.
 *
 * @param values series name to one value per category, in the categories' order
 */
public record BarChart(String title, String valueLabel, List<String> categories,
    Map<String, List<Double>> values) {
  public BarChart {
    categories = List.copyOf(categories);
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    for (Map.Entry<String, List<Double>> e : values.entrySet()) {
      if (e.getValue().size() != categories.size()) {
        throw new IllegalArgumentException("series " + e.getKey() + " has " + e.getValue().size()
            + " values for " + categories.size() + " categories");
      }
    }
  }
}
