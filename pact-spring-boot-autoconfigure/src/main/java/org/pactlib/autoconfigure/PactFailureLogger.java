package org.pactlib.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.pactlib.PactBase;
import org.pactlib.PactFailedException;
import org.pactlib.PactState;
import org.pactlib.registry.PactRegistryListener;
import org.pactlib.registry.RegisteredPact;

/**
 * Logs each registered pact that fails, once, at WARN, with its id, name, description and reason.
 * When pacts of one name fail in bulk, at most {@code maxLinesPerName} lines per name are written per
 * window (a minute by default); the first failure after a window in which some were left out writes
 * one line saying how many.
 */
public class PactFailureLogger implements PactRegistryListener {

	/**
	 * How many failures of one name are logged per window at most, by default.
	 */
	public static final int DEFAULT_MAX_LINES_PER_NAME = 10;

	private final Log logger;

	private final int maxLinesPerName;

	private final long windowNanos;

	private final LongSupplier nanoTime;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	/**
	 * Creates a logger of at most {@value #DEFAULT_MAX_LINES_PER_NAME} lines per name and minute.
	 */
	public PactFailureLogger() {
		this(LogFactory.getLog(PactFailureLogger.class), DEFAULT_MAX_LINES_PER_NAME, Duration.ofMinutes(1),
				System::nanoTime);
	}

	/**
	 * Creates a failure logger.
	 * @param logger where lines are written
	 * @param maxLinesPerName how many failures of one name are logged per window; 0 logs none
	 * @param window the length of a window
	 * @param nanoTime the time in nanoseconds
	 */
	public PactFailureLogger(Log logger, int maxLinesPerName, Duration window, LongSupplier nanoTime) {
		if (maxLinesPerName < 0) {
			throw new IllegalArgumentException("maxLinesPerName must be zero or more, but was " + maxLinesPerName);
		}
		this.logger = logger;
		this.maxLinesPerName = maxLinesPerName;
		this.windowNanos = window.toNanos();
		this.nanoTime = nanoTime;
	}

	@Override
	public void ended(RegisteredPact pact, PactState outcome) {
		if (outcome != PactState.FAILED || this.maxLinesPerName == 0 || !this.logger.isWarnEnabled()) {
			return;
		}
		PactBase failed = pact.pact();
		PactFailedException failure = (failed != null) ? failed.getFailure() : null;
		String reason = (failure != null) ? failure.getReason() : "unknown";
		String line = "Pact " + pact.id() + " (" + pact.name() + ") failed: " + failed + ": " + reason;
		long now = this.nanoTime.getAsLong();
		Window window = this.windows.computeIfAbsent(pact.name(), (name) -> new Window(now));
		long skipped;
		synchronized (window) {
			if (now - window.start >= this.windowNanos) {
				skipped = window.skipped;
				window.start = now;
				window.lines = 0;
				window.skipped = 0;
			}
			else {
				skipped = 0;
			}
			if (window.lines >= this.maxLinesPerName) {
				window.skipped++;
				return;
			}
			window.lines++;
		}
		if (skipped > 0) {
			this.logger.warn(skipped + " more pact" + ((skipped != 1) ? "s" : "") + " named " + pact.name()
					+ " failed in the last " + Duration.ofNanos(this.windowNanos).toSeconds() + "s; "
					+ "at most " + this.maxLinesPerName + " are logged per name in that time");
		}
		this.logger.warn(line, (failure != null) ? failure.getCause() : null);
	}

	private static final class Window {

		long start;

		int lines;

		long skipped;

		Window(long start) {
			this.start = start;
		}

	}

}
