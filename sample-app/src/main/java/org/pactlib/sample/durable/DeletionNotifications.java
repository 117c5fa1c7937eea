package org.pactlib.sample.durable;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The notifications that durable deletions finished, one row per idempotency key in table
 * {@code durable_deletion_notifications} (created at startup). A {@code then} callback runs at least
 * once: a second delivery of the same key only counts up {@code deliveries}, so the notification is
 * recorded once however often it is delivered.
 */
@Component
public class DeletionNotifications {

	private final JdbcTemplate jdbc;

	/**
	 * Creates the table if needed.
	 * @param dataSource the application's database
	 */
	public DeletionNotifications(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS durable_deletion_notifications ("
				+ "idempotency_key VARCHAR(100) NOT NULL PRIMARY KEY, pact_id VARCHAR(36) NOT NULL, "
				+ "path VARCHAR(4000), deliveries INT NOT NULL, first_delivered TIMESTAMP WITH TIME ZONE NOT NULL)");
	}

	/**
	 * Records one delivery of a notification.
	 * @param idempotencyKey the callback's key
	 * @param pactId the durable pact's id
	 * @param path what was deleted
	 * @return {@code true} for the first delivery of that key, {@code false} for a repeated one
	 */
	public boolean record(String idempotencyKey, String pactId, String path) {
		if (this.jdbc.update("UPDATE durable_deletion_notifications SET deliveries = deliveries + 1 WHERE idempotency_key = ?",
				idempotencyKey) == 1) {
			return false;
		}
		try {
			this.jdbc.update("INSERT INTO durable_deletion_notifications (idempotency_key, pact_id, path, deliveries, "
					+ "first_delivered) VALUES (?, ?, ?, 1, ?)", idempotencyKey, pactId, path,
					OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
			return true;
		}
		catch (DuplicateKeyException ex) {
			this.jdbc.update("UPDATE durable_deletion_notifications SET deliveries = deliveries + 1 WHERE idempotency_key = ?",
					idempotencyKey);
			return false;
		}
	}

	/**
	 * Returns the notification recorded for a pact.
	 * @param pactId the pact's id
	 * @return how often it was delivered, or an empty list before its first delivery
	 */
	public List<Integer> deliveries(String pactId) {
		return this.jdbc.queryForList("SELECT deliveries FROM durable_deletion_notifications WHERE pact_id = ?",
				Integer.class, pactId);
	}

}
