package org.pactlib.benchmarks;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one benchmark run, printed as a table for people and written as CSV for tools
 * ({@code figure,N,ours,reference,ratio,goal,unit,met,note}).
 */
public final class ResultTable {

	private static final String[] HEADER = { "figure", "N", "ours", "reference", "ratio", "goal", "met" };

	private final List<Figure> figures = new ArrayList<>();

	/**
	 * Adds a figure at the end.
	 * @param figure the figure
	 */
	public void add(Figure figure) {
		this.figures.add(figure);
	}

	/**
	 * Returns the figures in the order added.
	 * @return an unmodifiable view
	 */
	public List<Figure> figures() {
		return Collections.unmodifiableList(this.figures);
	}

	/**
	 * Formats the figures as an aligned text table, with each note on a line of its own below its
	 * figure.
	 * @return the table, ending with a line break
	 */
	public String text() {
		List<String[]> rows = new ArrayList<>();
		rows.add(HEADER);
		for (Figure figure : this.figures) {
			rows.add(new String[] { figure.name(), size(figure.n()), withUnit(figure.ours(), figure.unit()),
					withUnit(figure.reference(), figure.unit()),
					(figure.ratio() != null) ? number(figure.ratio()) + "x" : "-", figure.goal().describe(figure.unit()),
					met(figure.met()) });
		}
		int[] widths = new int[HEADER.length];
		for (String[] row : rows) {
			for (int column = 0; column < row.length; column++) {
				widths[column] = Math.max(widths[column], row[column].length());
			}
		}
		StringBuilder text = new StringBuilder();
		for (int index = 0; index < rows.size(); index++) {
			String[] row = rows.get(index);
			StringBuilder line = new StringBuilder();
			for (int column = 0; column < row.length; column++) {
				boolean numeric = column >= 1 && column <= 4;
				String format = "%" + (numeric ? "" : "-") + widths[column] + "s";
				line.append(String.format(Locale.ROOT, format, row[column])).append("  ");
			}
			text.append(line.toString().stripTrailing()).append('\n');
			if (index == 0) {
				text.append("-".repeat(line.toString().stripTrailing().length())).append('\n');
			}
			else if (!this.figures.get(index - 1).note().isEmpty()) {
				text.append("    ").append(this.figures.get(index - 1).note()).append('\n');
			}
		}
		return text.toString();
	}

	/**
	 * Formats the figures as CSV (RFC 4180), numbers in plain notation, empty fields for missing values.
	 * @return the CSV, a header line first
	 */
	public String csv() {
		StringBuilder csv = new StringBuilder("figure,N,ours,reference,ratio,goal,unit,met,note\n");
		for (Figure figure : this.figures) {
			List<String> fields = List.of(figure.name(), (figure.n() > 0) ? Long.toString(figure.n()) : "",
					plain(figure.ours()), plain(figure.reference()), plain(figure.ratio()),
					(figure.goal().kind() == Goal.Kind.NONE) ? "" : figure.goal().describe(figure.unit()), figure.unit(),
					(figure.met() == null) ? "" : (figure.met() ? "yes" : "no"), figure.note());
			List<String> quoted = new ArrayList<>();
			for (String field : fields) {
				quoted.add(csvField(field));
			}
			csv.append(String.join(",", quoted)).append('\n');
		}
		return csv.toString();
	}

	/**
	 * Writes the CSV to a file, creating its directory.
	 * @param file where
	 * @throws IOException if it cannot be written
	 */
	public void writeCsv(Path file) throws IOException {
		Path directory = file.toAbsolutePath().getParent();
		if (directory != null) {
			Files.createDirectories(directory);
		}
		Files.writeString(file, csv(), StandardCharsets.UTF_8);
	}

	/**
	 * Formats a number for people: three significant digits below 100, whole numbers with spaces
	 * between thousands above.
	 * @param value the number
	 * @return for instance {@code 0.452}, {@code 13.2}, {@code 1 460}
	 */
	static String number(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return Double.toString(value);
		}
		if (Math.abs(value) >= 99.95) {
			return String.format(Locale.ROOT, "%,d", Math.round(value)).replace(',', ' ');
		}
		if (value == 0) {
			return "0";
		}
		return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
	}

	/**
	 * Formats a workload size.
	 * @param n the size, 0 for none
	 * @return for instance {@code 1k}, {@code 100k}, {@code 1M}, {@code 2500}, or {@code -}
	 */
	static String size(long n) {
		if (n <= 0) {
			return "-";
		}
		if (n % 1_000_000 == 0) {
			return n / 1_000_000 + "M";
		}
		if (n % 1_000 == 0) {
			return n / 1_000 + "k";
		}
		return Long.toString(n);
	}

	private static String withUnit(Double value, String unit) {
		return (value != null) ? number(value) + " " + unit : "-";
	}

	private static String met(Boolean met) {
		return (met == null) ? "" : (met ? "yes" : "NO");
	}

	private static String plain(Double value) {
		if (value == null) {
			return "";
		}
		return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
	}

	private static String csvField(String field) {
		if (field.contains(",") || field.contains("\"") || field.contains("\n")) {
			return "\"" + field.replace("\"", "\"\"") + "\"";
		}
		return field;
	}

}
