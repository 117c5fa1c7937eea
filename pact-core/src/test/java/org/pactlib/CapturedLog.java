package org.pactlib;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.pactlib.registry.PactRegistry;

/**
 * What a logger of pact-core logs (through {@code System.Logger}, which is {@code java.util.logging}
 * in these tests) during one test, kept from the console: register it as {@code @RegisterExtension
 * final CapturedLog log = new CapturedLog();} for the registry's logger, or give the logger's name.
 */
public final class CapturedLog extends Handler implements BeforeEachCallback, AfterEachCallback {

	private final String loggerName;

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	private Logger logger;

	private boolean usedParentHandlers;

	/**
	 * Captures what the registry logs.
	 */
	public CapturedLog() {
		this(PactRegistry.class.getName());
	}

	/**
	 * Captures what one logger logs.
	 * @param loggerName the logger's name
	 */
	public CapturedLog(String loggerName) {
		this.loggerName = loggerName;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.logger = Logger.getLogger(this.loggerName);
		this.usedParentHandlers = this.logger.getUseParentHandlers();
		this.logger.setUseParentHandlers(false);
		this.logger.addHandler(this);
		this.logger.setLevel(Level.ALL);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.logger.removeHandler(this);
		this.logger.setUseParentHandlers(this.usedParentHandlers);
		this.logger.setLevel(null);
	}

	@Override
	public void publish(LogRecord record) {
		this.records.add(record);
	}

	@Override
	public void flush() {
	}

	@Override
	public void close() {
	}

	/** The messages logged at WARNING or above so far. */
	public List<String> warnings() {
		return this.records.stream()
			.filter((record) -> record.getLevel().intValue() >= Level.WARNING.intValue())
			.map(LogRecord::getMessage)
			.toList();
	}

	/** The messages logged at WARNING or above so far that contain {@code text}. */
	public List<String> warningsContaining(String text) {
		return warnings().stream().filter((message) -> message.contains(text)).toList();
	}

	/** The records logged so far. */
	public List<LogRecord> records() {
		return List.copyOf(this.records);
	}

}
