package org.pactlib.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the two charts of the README's performance section as PNG files, with XChart: the sweep cost
 * per pending pact against the megamorphic floor and the goal, and the retained heap per pending pact
 * against the goal, both over N on a logarithmic axis.
 */
public final class Charts {

	/**
	 * The file name of the sweep chart.
	 */
	public static final String SWEEP_FILE = "sweep-cost.png";

	/**
	 * The file name of the memory chart.
	 */
	public static final String MEMORY_FILE = "memory.png";

	private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
			new float[] { 6, 4 }, 0);

	private Charts() {
	}

	/**
	 * One sweep measurement.
	 *
	 * @param n pending pacts
	 * @param sweepNanos CPU per pending pact per poll
	 * @param floorNanos the megamorphic floor in the same JVM
	 */
	public record SweepPoint(long n, double sweepNanos, double floorNanos) {
	}

	/**
	 * One memory measurement.
	 *
	 * @param n pending pacts
	 * @param bytes retained heap per pending pact
	 */
	public record MemoryPoint(long n, double bytes) {
	}

	/**
	 * Draws the sweep chart.
	 * @param points the measurements, in increasing N
	 * @param floorFactor the goal, as a multiple of the floor
	 * @param file where to write the PNG
	 * @throws IOException if it cannot be written
	 */
	public static void sweep(List<SweepPoint> points, double floorFactor, Path file) throws IOException {
		double[] ns = points.stream().mapToDouble(SweepPoint::n).toArray();
		XYChart chart = chart("Registry sweep: CPU per pending pact per poll (1 s interval, 8 condition classes)",
				"CPU ns per pending pact (log)");
		chart.getStyler().setYAxisLogarithmic(true);
		chart.getStyler().setYAxisMin(points.stream().mapToDouble(SweepPoint::floorNanos).min().orElse(1) / 2);
		chart.getStyler().setYAxisMax(2 * points.stream()
			.mapToDouble((point) -> Math.max(point.sweepNanos(), floorFactor * point.floorNanos()))
			.max()
			.orElse(100));
		chart.addSeries("ours: registry sweep", ns, points.stream().mapToDouble(SweepPoint::sweepNanos).toArray());
		chart.addSeries("megamorphic floor (same JVM)", ns, points.stream().mapToDouble(SweepPoint::floorNanos).toArray());
		XYSeries goal = chart.addSeries("goal: " + ResultTable.number(floorFactor) + "x the floor", ns,
				points.stream().mapToDouble((point) -> floorFactor * point.floorNanos()).toArray());
		goal.setMarker(SeriesMarkers.NONE).setLineStyle(DASHED);
		write(chart, file);
	}

	/**
	 * Draws the memory chart.
	 * @param points the measurements, in increasing N
	 * @param goalBytes the goal
	 * @param file where to write the PNG
	 * @throws IOException if it cannot be written
	 */
	public static void memory(List<MemoryPoint> points, double goalBytes, Path file) throws IOException {
		double[] ns = points.stream().mapToDouble(MemoryPoint::n).toArray();
		XYChart chart = chart("Retained heap per pending registered pact (condition shared)", "bytes per pact");
		chart.getStyler().setYAxisMin(0.0);
		chart.getStyler().setYAxisMax(1.2 * Math.max(goalBytes, points.stream().mapToDouble(MemoryPoint::bytes).max().orElse(0)));
		chart.addSeries("ours", ns, points.stream().mapToDouble(MemoryPoint::bytes).toArray());
		XYSeries goal = chart.addSeries("goal: at most " + ResultTable.number(goalBytes) + " B", ns,
				points.stream().mapToDouble((point) -> goalBytes).toArray());
		goal.setMarker(SeriesMarkers.NONE).setLineStyle(DASHED);
		write(chart, file);
	}

	private static XYChart chart(String title, String yAxisTitle) {
		XYChart chart = new XYChartBuilder().width(900).height(520).title(title)
			.xAxisTitle("pending pacts N (log)").yAxisTitle(yAxisTitle).build();
		XYStyler styler = chart.getStyler();
		styler.setXAxisLogarithmic(true);
		styler.setXAxisDecimalPattern("#,###");
		styler.setYAxisDecimalPattern("#,##0.#");
		styler.setLegendPosition(LegendPosition.OutsideS);
		styler.setLegendLayout(LegendLayout.Horizontal);
		styler.setMarkerSize(8);
		styler.setChartBackgroundColor(Color.WHITE);
		return chart;
	}

	private static void write(XYChart chart, Path file) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		try (OutputStream out = Files.newOutputStream(file)) {
			BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
		}
	}

}
