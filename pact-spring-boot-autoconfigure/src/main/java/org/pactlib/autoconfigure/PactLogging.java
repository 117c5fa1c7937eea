package org.pactlib.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.pactlib.registry.PactRegistry;

import org.springframework.util.ClassUtils;

/**
 * Hands what pact-core logs to Spring Boot's logging system until the very end of the JVM, SIGTERM
 * included.
 *
 * <p>pact-core logs through {@link System.Logger}. With {@code slf4j-jdk-platform-logging} visible to
 * the system class loader (an application started from a class path), those loggers are SLF4J's
 * already. In an executable jar, nested jars are not visible to the system class loader, so
 * {@code System.Logger} stays on {@code java.util.logging}, whose shutdown hook removes every handler
 * (Boot's SLF4J bridge included) while Spring's shutdown hook still runs. For that case, each
 * pact-core logger gets a {@link Filter}, which survives that reset: it passes each record to the
 * same-named logger of Spring's logging facade, and keeps it from {@code java.util.logging}'s own
 * handlers, so that it is written once. Nothing is bridged when Spring's facade itself writes to
 * {@code java.util.logging}.
 */
final class PactLogging {

	/**
	 * The names of pact-core's loggers.
	 */
	static final List<String> LOGGER_NAMES = List.of(PactRegistry.class.getName(), "org.pactlib");

	private static final boolean BRIDGEABLE = ClassUtils.isPresent("java.util.logging.Logger", null)
			&& (ClassUtils.isPresent("org.slf4j.LoggerFactory", PactLogging.class.getClassLoader())
					|| ClassUtils.isPresent("org.apache.logging.log4j.LogManager", PactLogging.class.getClassLoader()));

	/** Strong references: java.util.logging holds its loggers weakly, and with them their filters. */
	private static final List<Object> bridged = new CopyOnWriteArrayList<>();

	private PactLogging() {
	}

	/**
	 * Bridges pact-core's loggers that are backed by {@code java.util.logging}; does nothing for those
	 * that are not, or the second time.
	 */
	static synchronized void install() {
		if (!BRIDGEABLE || !bridged.isEmpty()) {
			return;
		}
		for (String name : LOGGER_NAMES) {
			if (!System.getLogger(name).getClass().getName().startsWith("org.slf4j")) {
				Logger logger = Logger.getLogger(name);
				logger.setFilter(new ToSpringLogging(LogFactory.getLog(name)));
				bridged.add(logger);
			}
		}
	}

	/**
	 * Returns whether a logger of this name is bridged.
	 */
	static boolean isBridged(String name) {
		return bridged.stream().anyMatch((logger) -> ((Logger) logger).getName().equals(name));
	}

	/**
	 * Writes a record to Spring's logging facade instead of {@code java.util.logging}'s handlers.
	 */
	private static final class ToSpringLogging implements Filter {

		private static final SimpleFormatter formatter = new SimpleFormatter();

		private final Log log;

		ToSpringLogging(Log log) {
			this.log = log;
		}

		@Override
		public boolean isLoggable(LogRecord record) {
			String message = formatter.formatMessage(record);
			Throwable thrown = record.getThrown();
			int level = record.getLevel().intValue();
			if (level >= Level.SEVERE.intValue()) {
				this.log.error(message, thrown);
			}
			else if (level >= Level.WARNING.intValue()) {
				this.log.warn(message, thrown);
			}
			else if (level >= Level.INFO.intValue()) {
				this.log.info(message, thrown);
			}
			else if (level >= Level.FINE.intValue()) {
				this.log.debug(message, thrown);
			}
			else {
				this.log.trace(message, thrown);
			}
			return false;
		}

	}

}
