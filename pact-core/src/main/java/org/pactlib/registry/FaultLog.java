package org.pactlib.registry;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.pactlib.PactBase;

/**
 * Logs the {@linkplain PactFault faults} of registered pacts, and the other warnings about one pact (an
 * overdue pact dropped, a pact cancelled at shutdown), at WARNING without flooding: for each kind
 * of warning and pact name, at most {@code maxLinesPerMinute} lines a minute (of real time), each with
 * the pact's id, name and description and what was thrown; the first line of a kind and name after a
 * minute in which some were left out says how many. It tracks at most {@value #MAX_KEYS} kinds and
 * names; past that, the further names of a kind share one count. Thread-safe; holds a lock only to
 * count, never while logging.
 */
final class FaultLog {

	/** How many kinds and names are counted apart at most. */
	static final int MAX_KEYS = 1024;

	/** How long a description may be in a log line; longer ones are cut. */
	static final int MAX_DESCRIPTION_LENGTH = 500;

	private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

	private static final String OTHER_NAMES = "*";

	private final Logger logger;

	private final int maxLinesPerMinute;

	private final LongSupplier nanoTime;

	private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

	FaultLog(Logger logger, int maxLinesPerMinute, LongSupplier nanoTime) {
		this.logger = logger;
		this.maxLinesPerMinute = maxLinesPerMinute;
		this.nanoTime = nanoTime;
	}

	/**
	 * Logs one fault, unless the lines of its kind and name for this minute are used up.
	 * @param pact the pact at fault
	 * @param kind what went wrong
	 * @param what what went wrong, in words, for the line
	 * @param thrown what was thrown, or {@code null}
	 */
	void log(RegisteredPact pact, PactFault kind, String what, Throwable thrown) {
		logLine(kind.tag(), pact.name(), () -> {
			PactBase faulty = pact.pact();
			String description = (faulty != null) ? ": " + abbreviate(String.valueOf(faulty)) : "";
			return "Pact " + pact.id() + " (" + pact.name() + ") " + what + description;
		}, thrown);
	}

	/**
	 * Logs one line about a pact of the given name, unless the lines of its kind and name for this
	 * minute are used up.
	 * @param kind the low-cardinality kind of warning
	 * @param name the pact's name
	 * @param line makes the line
	 * @param thrown what was thrown, or {@code null}
	 */
	void logLine(String kind, String name, Supplier<String> line, Throwable thrown) {
		if (this.maxLinesPerMinute == 0 || !this.logger.isLoggable(Level.WARNING)) {
			return;
		}
		long now = this.nanoTime.getAsLong();
		long skipped = window(kind, name, now).admit(now, this.maxLinesPerMinute);
		if (skipped < 0) {
			return;
		}
		if (skipped > 0) {
			this.logger.log(Level.WARNING, skipped + " more " + kind + " warning" + ((skipped != 1) ? "s" : "")
					+ " of pacts named " + name + " were not logged in the last minute: at most "
					+ this.maxLinesPerMinute + " lines a minute are logged for each kind of warning and name "
					+ "(maxFaultLogLinesPerMinute, pact.registry.max-fault-log-lines-per-minute in Spring Boot)");
		}
		this.logger.log(Level.WARNING, line.get(), thrown);
	}

	private Window window(String kind, String name, long now) {
		String key = kind + ' ' + name;
		Window window = this.windows.get(key);
		if (window != null) {
			return window;
		}
		if (this.windows.size() >= MAX_KEYS) {
			key = kind + ' ' + OTHER_NAMES;
		}
		return this.windows.computeIfAbsent(key, (absent) -> new Window(now));
	}

	static String abbreviate(String text) {
		return (text.length() <= MAX_DESCRIPTION_LENGTH) ? text
				: text.substring(0, MAX_DESCRIPTION_LENGTH) + "... (" + text.length() + " characters)";
	}

	/**
	 * The lines logged in the current minute of one kind and name, and those left out.
	 */
	private static final class Window {

		private long start;

		private int lines;

		private long skipped;

		Window(long start) {
			this.start = start;
		}

		/**
		 * Counts one line.
		 * @return -1 if it is to be left out, else how many were left out in the minute before
		 */
		synchronized long admit(long now, int maxLines) {
			long skippedBefore = 0;
			if (now - this.start >= WINDOW_NANOS) {
				skippedBefore = this.skipped;
				this.start = now;
				this.lines = 0;
				this.skipped = 0;
			}
			if (this.lines >= maxLines) {
				this.skipped++;
				return -1;
			}
			this.lines++;
			return skippedBefore;
		}

	}

}
