package dev.cachet.benchmarks;

import dev.cachet.benchmarks.JmhResults.Result;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Draws the hit-path comparison (question 1) from a JMH JSON file as a PNG: one panel per value
 * size, one horizontal bar per way of caching, the median nanoseconds per hit written on each
 * bar. Plain {@code java.awt}, headless.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.cachet.benchmarks.HitPathPlot
 * jmh.json docs/benchmarks-hit-path.png}
 */
public final class HitPathPlot {
  private static final int WIDTH = 900;
  private static final int LABEL_WIDTH = 190;
  private static final int BAR_HEIGHT = 26;
  private static final int GAP = 8;
  private static final int PANEL_TITLE = 34;
  private static final Color CACHET = new Color(0x2a6f97);
  private static final Color OTHER = new Color(0xa0a0a0);

  private HitPathPlot() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Result> results = new ArrayList<>();
    for (Result result : JmhResults.read(Path.of(args[0]))) {
      if (result.benchmarkClass().equals("HitPathBenchmark")) {
        results.add(result);
      }
    }
    if (results.isEmpty()) {
      throw new IllegalArgumentException(args[0] + " holds no HitPathBenchmark results");
    }
    Map<String, List<Result>> panels = new TreeMap<>((a, b) -> order(a) - order(b));
    for (Result result : results) {
      panels.computeIfAbsent(result.paramText(), p -> new ArrayList<>()).add(result);
    }
    int rows = results.size();
    int height = 70 + panels.size() * (PANEL_TITLE + 10) + rows * (BAR_HEIGHT + GAP) + 30;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString("One cache hit, in memory: median ns per call (lower is better)", 20, 30);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString(results.get(0).jdk(), 20, 50);
      int y = 70;
      for (Map.Entry<String, List<Result>> panel : panels.entrySet()) {
        y = drawPanel(g, panel.getKey(), panel.getValue(), y);
      }
    } finally {
      g.dispose();
    }
    Path out = Path.of(args[1]);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    ImageIO.write(image, "png", out.toFile());
    System.out.println("wrote " + out);
  }

  private static int order(String params) {
    return params.contains("tiny") ? 0 : 1;
  }

  private static int drawPanel(Graphics2D g, String title, List<Result> rows, int top) {
    rows.sort((a, b) -> Double.compare(a.median(), b.median()));
    double max = rows.get(rows.size() - 1).median();
    int barSpace = WIDTH - LABEL_WIDTH - 110;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, 20, top + 22);
    int y = top + PANEL_TITLE;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    for (Result row : rows) {
      int length = (int) Math.max(1, Math.round(barSpace * row.median() / max));
      g.setColor(row.method().startsWith("cachet") ? CACHET : OTHER);
      g.fillRect(LABEL_WIDTH, y, length, BAR_HEIGHT);
      g.setColor(Color.BLACK);
      g.drawString(row.method(), 20, y + 18);
      g.drawString(String.format(Locale.ROOT, "%,.0f ns", row.median()), LABEL_WIDTH + length + 8, y + 18);
      y += BAR_HEIGHT + GAP;
    }
    g.setColor(Color.LIGHT_GRAY);
    g.setStroke(new BasicStroke(1));
    g.drawLine(LABEL_WIDTH, top + PANEL_TITLE - 4, LABEL_WIDTH, y - GAP + 4);
    return y + 10;
  }
}
