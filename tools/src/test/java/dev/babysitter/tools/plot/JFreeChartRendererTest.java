package dev.babysitter.tools.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class JFreeChartRendererTest {
  final ChartRenderer renderer = new JFreeChartRenderer();

  @Test
  void aLineChartIsWellFormedSvgWithItsTitleAxesAndEverySeriesInTheLegend() throws Exception {
    Map<String, List<LineChart.Point>> series = new LinkedHashMap<>();
    series.put("loss", List.of(new LineChart.Point(0, 8.5), new LineChart.Point(1, 4.6),
        new LineChart.Point(2, 3.4)));
    series.put("eval loss", List.of(new LineChart.Point(2, 4.1)));
    series.put("never reported", List.of());
    String svg = renderer.svg(new LineChart("tiny: loss", "minutes", "loss value", series),
        640, 320);

    Document d = Svg.parse(svg);
    assertThat(d.getDocumentElement().getLocalName()).isEqualTo("svg");
    assertThat(d.getDocumentElement().getAttribute("width")).startsWith("640");
    // The y label is drawn rotated, as glyph outlines rather than text: not searchable here.
    assertThat(Svg.texts(svg)).contains("tiny: loss", "minutes", "loss", "eval loss",
        "never reported");
    // The data are drawn, not only named: at least one path per non-empty series.
    assertThat(d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").getLength())
        .isGreaterThan(3);
  }

  @Test
  void aBarChartNamesItsCategoriesSeriesAndValues() throws Exception {
    String svg = renderer.svg(new BarChart("waste, % of GPU-hours", "%",
        List.of("ours", "fixed 15-min polling"),
        new LinkedHashMap<>(Map.of("waste", List.of(5.83, 1.45)))), 720, 280);
    assertThat(Svg.texts(svg)).contains("waste, % of GPU-hours", "ours",
        "fixed 15-min polling", "5.83", "1.45");
  }
}
