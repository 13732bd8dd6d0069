package dev.babysitter.tools.plot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A line chart as data: named series of (x, y) points, drawn by a {@link ChartRenderer}.
 *
 * @param series name to points, in legend order; a series may be empty (it still shows in the
 *     legend, so a reader sees that the value was not reported)
 */
public record LineChart(String title, String xLabel, String yLabel,
    Map<String, List<Point>> series) {
  public LineChart {
    series = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(series));
  }

  public record Point(double x, double y) {}
}
