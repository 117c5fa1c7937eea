package org.pactlib.registry;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pactlib.CapturedLog;
import org.pactlib.Pact;
import org.pactlib.PactBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault log writes at most its number of lines a minute for each kind of fault and pact name, sums
 * up the rest in the next line after the minute, counts at most {@value FaultLog#MAX_KEYS} kinds and
 * names apart, and cuts long descriptions; its minute is measured on the time it is given.
 */
class FaultLogTest {

	@RegisterExtension
	final CapturedLog log = new CapturedLog();

	private final AtomicLong now = new AtomicLong();

	private final FaultLog faults = new FaultLog(System.getLogger(PactRegistry.class.getName()), 3, this.now::get);

	private static RegisteredPact pact(long id, String name, String description) {
		Pact pact = new Pact(description);
		return new RegisteredPact() {

			@Override
			public String id() {
				return Long.toString(id);
			}

			@Override
			public String name() {
				return name;
			}

			@Override
			public PactBase pact() {
				return pact;
			}

			@Override
			public java.time.Instant overdueSince() {
				return null;
			}

		};
	}

	@Test
	void eachKindAndNameGetsItsLinesAMinuteAndTheNextLineSaysHowManyWereLeftOut() {
		for (int i = 0; i < 10; i++) {
			this.faults.log(pact(i, "export", "Exporting " + i), PactFault.CONDITION, "stays pending", null);
			this.faults.log(pact(i, "export", "Exporting " + i), PactFault.CALLBACK, "ended", null);
			this.faults.log(pact(i, "delete", "Deleting " + i), PactFault.CONDITION, "stays pending", null);
		}
		assertThat(this.log.warningsContaining("(export) stays pending")).containsExactly(
				"Pact 0 (export) stays pending: <Pact: Exporting 0>", "Pact 1 (export) stays pending: <Pact: Exporting 1>",
				"Pact 2 (export) stays pending: <Pact: Exporting 2>");
		assertThat(this.log.warningsContaining("(export) ended")).hasSize(3);
		assertThat(this.log.warningsContaining("(delete) stays pending")).hasSize(3);

		this.now.addAndGet(TimeUnit.SECONDS.toNanos(59));
		this.faults.log(pact(10, "export", "Exporting 10"), PactFault.CONDITION, "stays pending", null);
		assertThat(this.log.warnings()).hasSize(9);
		this.now.addAndGet(TimeUnit.SECONDS.toNanos(1));
		this.faults.log(pact(11, "export", "Exporting 11"), PactFault.CONDITION, "stays pending", null);
		assertThat(this.log.warnings()).hasSize(11).endsWith(
				"8 more condition warnings of pacts named export were not logged in the last minute: at most 3 lines "
						+ "a minute are logged for each kind of warning and name (maxFaultLogLinesPerMinute, "
						+ "pact.registry.max-fault-log-lines-per-minute in Spring Boot)",
				"Pact 11 (export) stays pending: <Pact: Exporting 11>");
	}

	@Test
	void pastItsLimitOfKeysFurtherNamesShareOneCount() {
		for (int i = 0; i < FaultLog.MAX_KEYS + 100; i++) {
			this.faults.log(pact(i, "name-" + i, "p"), PactFault.LISTENER, "threw", null);
		}
		assertThat(this.log.warnings()).hasSize(FaultLog.MAX_KEYS + 3);
	}

	@Test
	void longDescriptionsAreCut() {
		this.faults.log(pact(1, "long", "x".repeat(2_000)), PactFault.CONDITION, "stays pending", null);
		assertThat(this.log.warnings()).singleElement().asString()
			.hasSize("Pact 1 (long) stays pending: ".length() + FaultLog.MAX_DESCRIPTION_LENGTH
					+ "... (2008 characters)".length())
			.endsWith("xxx... (2008 characters)");
	}

	@Test
	void zeroLinesLogsNothing() {
		new FaultLog(System.getLogger(PactRegistry.class.getName()), 0, this.now::get)
			.log(pact(1, "quiet", "p"), PactFault.CONDITION, "stays pending", null);
		assertThat(this.log.warnings()).isEmpty();
	}

}
