package org.pactlib.durable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.pactlib.durable.DurableProperties.InitializeSchema;

import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * Creates the tables of durable pacts (db-scheduler's executions and the pacts' own table) where they do
 * not exist, from the script for the database: {@code schema-postgresql.sql} or {@code schema-h2.sql}
 * beside this class, with the configured table names.
 */
public final class DurableSchema {

	private final DataSource dataSource;

	private final String table;

	private final String schedulerTable;

	/**
	 * Describes the schema.
	 * @param dataSource the database
	 * @param table the durable pacts' table
	 * @param schedulerTable db-scheduler's table
	 */
	public DurableSchema(DataSource dataSource, String table, String schedulerTable) {
		this.dataSource = dataSource;
		this.table = table;
		this.schedulerTable = schedulerTable;
	}

	/**
	 * Creates the tables if {@code mode} says so for this database.
	 * @param mode {@code embedded}: only on an in-memory database; {@code always}; {@code never}
	 * @return whether the script ran
	 * @throws IllegalStateException if the database is neither PostgreSQL nor H2, or the script fails
	 */
	public boolean initialize(InitializeSchema mode) {
		if (mode == InitializeSchema.NEVER
				|| (mode == InitializeSchema.EMBEDDED && !EmbeddedDatabaseConnection.isEmbedded(this.dataSource))) {
			return false;
		}
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			String script = script(connection.getMetaData().getDatabaseProductName());
			ScriptUtils.executeSqlScript(connection, new ByteArrayResource(script.getBytes(StandardCharsets.UTF_8)));
			return true;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create the tables of durable pacts: " + ex.getMessage(), ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	/**
	 * Returns the script for a database, with the configured table names.
	 * @param databaseProductName the JDBC product name ({@code PostgreSQL}, {@code H2})
	 * @return the script
	 * @throws IllegalStateException if there is no script for that database
	 */
	public String script(String databaseProductName) {
		String product = databaseProductName.toLowerCase(Locale.ROOT);
		String resource = product.contains("postgres") ? "schema-postgresql.sql"
				: product.equals("h2") ? "schema-h2.sql" : null;
		if (resource == null) {
			throw new IllegalStateException("pact.durable.initialize-schema can create tables on PostgreSQL and H2 only, "
					+ "not on " + databaseProductName + ": create them with your migrations (see schema-postgresql.sql "
					+ "in org/pactlib/durable of the pact-durable jar) and set pact.durable.initialize-schema=never");
		}
		try (InputStream in = DurableSchema.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Missing " + resource + " beside " + DurableSchema.class.getName());
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${schedulerTable}", this.schedulerTable)
				.replace("${table}", this.table);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + resource, ex);
		}
	}

}
