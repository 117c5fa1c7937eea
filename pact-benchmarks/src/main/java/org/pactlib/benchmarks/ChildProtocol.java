package org.pactlib.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How {@link Main} talks to a measuring child JVM: the child gets {@code key=value} arguments and
 * prints {@code @result key=value} lines on its standard output, among whatever else it logs; the
 * parent keeps those lines.
 */
public final class ChildProtocol {

	static final String PREFIX = "@result ";

	private ChildProtocol() {
	}

	/**
	 * Prints one measured value for the parent to read.
	 * @param key a name without spaces or {@code =}
	 * @param value the value
	 */
	public static void emit(String key, double value) {
		if (key.isEmpty() || key.contains(" ") || key.contains("=")) {
			throw new IllegalArgumentException("Not a result key: '" + key + "'");
		}
		System.out.println(PREFIX + key + "=" + String.format(Locale.ROOT, "%.6f", value));
		System.out.flush();
	}

	/**
	 * Reads a line of a child's output.
	 * @param line one line
	 * @return the key and value if it is a result line
	 */
	static Optional<Map.Entry<String, Double>> parse(String line) {
		if (!line.startsWith(PREFIX)) {
			return Optional.empty();
		}
		String body = line.substring(PREFIX.length()).trim();
		int equals = body.indexOf('=');
		if (equals <= 0) {
			return Optional.empty();
		}
		try {
			return Optional.of(Map.entry(body.substring(0, equals), Double.parseDouble(body.substring(equals + 1))));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The {@code key=value} arguments a child is started with.
	 * @param args the arguments of {@code main}
	 * @return the arguments by key, in order
	 * @throws IllegalArgumentException if one is not {@code key=value}
	 */
	public static Map<String, String> arguments(String[] args) {
		Map<String, String> parsed = new LinkedHashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (equals <= 0) {
				throw new IllegalArgumentException("Expected key=value, got '" + arg + "'");
			}
			parsed.put(arg.substring(0, equals), arg.substring(equals + 1));
		}
		return parsed;
	}

}
