package dev.babysitter.tools.plot;

/** Draws charts as standalone SVG documents (text a browser, GitHub or an editor shows). */
public interface ChartRenderer {
  String svg(LineChart chart, int width, int height);

  String svg(BarChart chart, int width, int height);
}
