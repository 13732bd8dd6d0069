package dev.babysitter.tools.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * {@link ChartRenderer} over JFreeChart, exported with JFreeSVG: Java2D and fonts only, no
 * window (works headless); horizontal text stays text in the SVG, so it can be searched.
 */
public final class JFreeChartRenderer implements ChartRenderer {
  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728),
      new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd), new Color(0x7f7f7f)};

  @Override
  public String svg(LineChart chart, int width, int height) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, List<LineChart.Point>> e : chart.series().entrySet()) {
      // autoSort off, duplicates allowed: points arrive in time order and may repeat an x.
      XYSeries s = new XYSeries(e.getKey(), false, true);
      e.getValue().forEach(p -> s.add(p.x(), p.y()));
      data.addSeries(s);
    }
    JFreeChart c = ChartFactory.createXYLineChart(chart.title(), chart.xLabel(), chart.yLabel(),
        data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = c.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
      // A lone point draws no line: show it as a dot so a one-check series is still visible.
      renderer.setSeriesShapesVisible(i, data.getSeries(i).getItemCount() < 3);
    }
    plot.setRenderer(renderer);
    if (plot.getRangeAxis() instanceof org.jfree.chart.axis.NumberAxis axis) {
      axis.setAutoRangeIncludesZero(false);
    }
    return draw(c, width, height);
  }

  @Override
  public String svg(BarChart chart, int width, int height) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    chart.values().forEach((series, values) -> {
      for (int i = 0; i < values.size(); i++) {
        data.addValue(values.get(i), series, chart.categories().get(i));
      }
    });
    JFreeChart c = ChartFactory.createBarChart(chart.title(), null, chart.valueLabel(), data,
        PlotOrientation.HORIZONTAL, true, false, false);
    CategoryPlot plot = c.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    org.jfree.chart.renderer.category.BarRenderer renderer =
        (org.jfree.chart.renderer.category.BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDefaultItemLabelGenerator(
        new org.jfree.chart.labels.StandardCategoryItemLabelGenerator("{2}",
            new java.text.DecimalFormat("0.00")));
    renderer.setDefaultItemLabelsVisible(true);
    for (int i = 0; i < data.getRowCount(); i++) {
      renderer.setSeriesPaint(i, i == 0 ? new Color(0xd9534f) : new Color(0x888888));
    }
    return draw(c, width, height);
  }

  private static String draw(JFreeChart chart, int width, int height) {
    chart.setBackgroundPaint(Color.WHITE);
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    chart.draw(g, new Rectangle(0, 0, width, height));
    return g.getSVGDocument() + "\n";
  }
}
