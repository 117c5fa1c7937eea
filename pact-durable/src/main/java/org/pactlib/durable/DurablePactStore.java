package org.pactlib.durable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.pactlib.Backoff;
import org.pactlib.PactState;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The table of durable pacts. Every change of a pact's state is one guarded {@code UPDATE} (its
 * {@code WHERE} names the state it leaves), so that of two instances (or threads) racing to end a pact,
 * exactly one wins and learns it from the count of updated rows. Writes join the caller's Spring
 * transaction when the data source given is transaction-aware. Thread-safe.
 */
public class DurablePactStore {

	private static final String COLUMNS = "id, name, description, payload, condition_handler, then_handlers, "
			+ "lastly_handlers, timeout_handlers, state, created, deadline, overdue_retention_ms, poll_interval_ms, "
			+ "max_poll_interval_ms, backoff_multiplier, polls, last_polled, polled_by, overdue_since, timeout_done, "
			+ "ended, failure, then_done, lastly_done, callback_error, created_by";

	private final JdbcTemplate jdbc;

	private final String table;

	private final Clock clock;

	private final RowMapper<DurablePactRow> rowMapper = this::mapRow;

	/**
	 * Creates the store.
	 * @param dataSource the database (transaction-aware, for writes that join the caller's transaction)
	 * @param table the table's name
	 * @param clock the wall clock that stamps the rows
	 */
	public DurablePactStore(DataSource dataSource, String table, Clock clock) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.table = table;
		this.clock = clock;
	}

	/**
	 * Returns the wall clock that stamps the rows.
	 * @return the clock
	 */
	public Clock getClock() {
		return this.clock;
	}

	/**
	 * Inserts a new pending pact.
	 * @param row the pact (its state must be {@code PENDING})
	 */
	public void insert(DurablePactRow row) {
		this.jdbc.update("INSERT INTO " + this.table + " (" + COLUMNS
				+ ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (ps) -> {
					int i = 0;
					ps.setString(++i, row.id());
					ps.setString(++i, row.name());
					ps.setString(++i, row.description());
					ps.setString(++i, row.payload());
					ps.setString(++i, row.condition());
					ps.setString(++i, String.join(",", row.thenHandlers()));
					ps.setString(++i, String.join(",", row.lastlyHandlers()));
					ps.setString(++i, String.join(",", row.timeoutHandlers()));
					ps.setString(++i, row.state().name());
					setInstant(ps, ++i, row.created());
					setInstant(ps, ++i, row.deadline());
					ps.setLong(++i, row.overdueRetention().toMillis());
					ps.setLong(++i, row.backoff().getInitial().toMillis());
					ps.setLong(++i, row.backoff().getMax().toMillis());
					ps.setDouble(++i, row.backoff().getMultiplier());
					ps.setLong(++i, row.polls());
					setInstant(ps, ++i, row.lastPolled());
					ps.setString(++i, row.polledBy());
					setInstant(ps, ++i, row.overdueSince());
					ps.setBoolean(++i, row.timeoutDone());
					setInstant(ps, ++i, row.ended());
					ps.setString(++i, row.failure());
					ps.setBoolean(++i, row.thenDone());
					ps.setBoolean(++i, row.lastlyDone());
					ps.setString(++i, row.callbackError());
					ps.setString(++i, row.createdBy());
				});
	}

	/**
	 * Reads one pact.
	 * @param id its id
	 * @return the row, or empty if there is none (never created, rolled back, or removed after its retention)
	 */
	public Optional<DurablePactRow> find(String id) {
		List<DurablePactRow> rows = this.jdbc.query("SELECT " + COLUMNS + " FROM " + this.table + " WHERE id = ?",
				this.rowMapper, id);
		return rows.stream().findFirst();
	}

	/**
	 * Reads the pacts with the given ids that exist.
	 * @param ids the ids (at most a few hundred)
	 * @return their rows, in no particular order
	 */
	public List<DurablePactRow> findAll(Collection<String> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		String marks = String.join(", ", ids.stream().map((id) -> "?").toList());
		return this.jdbc.query("SELECT " + COLUMNS + " FROM " + this.table + " WHERE id IN (" + marks + ")",
				this.rowMapper, ids.toArray());
	}

	/**
	 * Lists the newest pacts that match, newest first.
	 * @param state only pacts in this state
	 * @param name only pacts of this name, or {@code null}
	 * @param overdue only overdue pacts ({@code true}), only the others ({@code false}), or {@code null}
	 * @param limit how many at most
	 * @return the rows
	 */
	public List<DurablePactRow> list(PactState state, @Nullable String name, @Nullable Boolean overdue, int limit) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + this.table + " WHERE state = ?");
		List<Object> args = new ArrayList<>(List.of(state.name()));
		appendFilters(sql, args, name, overdue);
		sql.append(" ORDER BY created DESC, id DESC FETCH FIRST ").append(Math.max(limit, 0)).append(" ROWS ONLY");
		return this.jdbc.query(sql.toString(), this.rowMapper, args.toArray());
	}

	/**
	 * Counts the pacts that match.
	 * @param state only pacts in this state
	 * @param name only pacts of this name, or {@code null}
	 * @param overdue only overdue pacts, only the others, or {@code null}
	 * @return how many
	 */
	public int count(PactState state, @Nullable String name, @Nullable Boolean overdue) {
		StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM " + this.table + " WHERE state = ?");
		List<Object> args = new ArrayList<>(List.of(state.name()));
		appendFilters(sql, args, name, overdue);
		Integer count = this.jdbc.queryForObject(sql.toString(), Integer.class, args.toArray());
		return (count != null) ? count : 0;
	}

	private static void appendFilters(StringBuilder sql, List<Object> args, @Nullable String name,
			@Nullable Boolean overdue) {
		if (name != null) {
			sql.append(" AND name = ?");
			args.add(name);
		}
		if (overdue != null) {
			sql.append(overdue ? " AND overdue_since IS NOT NULL" : " AND overdue_since IS NULL");
		}
	}

	/**
	 * Records that {@code instance} runs a poll of a pending pact now.
	 * @param id the pact
	 * @param instance the instance's name
	 * @return {@code true} if the pact is pending
	 */
	public boolean beginPoll(String id, String instance) {
		return this.jdbc.update("UPDATE " + this.table + " SET polled_by = ? WHERE id = ? AND state = 'PENDING'",
				instance, id) == 1;
	}

	/**
	 * Records a poll that found the condition not holding yet: one more poll, and no poll running.
	 * @param id the pact
	 */
	public void endPoll(String id) {
		this.jdbc.update("UPDATE " + this.table + " SET polls = polls + 1, last_polled = ?, polled_by = NULL WHERE id = ?",
				timestamp(now()), id);
	}

	/**
	 * Marks a pending pact overdue, once.
	 * @param id the pact
	 * @return {@code true} if this call marked it (it was pending and not yet overdue)
	 */
	public boolean markOverdue(String id) {
		return this.jdbc.update("UPDATE " + this.table
				+ " SET overdue_since = ? WHERE id = ? AND state = 'PENDING' AND overdue_since IS NULL",
				timestamp(now()), id) == 1;
	}

	/**
	 * Ends a pending pact: the one transition out of {@code PENDING}, guarded by the row.
	 * @param id the pact
	 * @param outcome {@code FINISHED}, {@code FAILED} or {@code CANCELLED}
	 * @param failure why it failed or was cancelled, or {@code null}
	 * @param polled whether this end comes from a poll that evaluated the condition
	 * @return {@code true} if this call ended it; {@code false} if it had already ended (or does not exist)
	 */
	public boolean end(String id, PactState outcome, @Nullable String failure, boolean polled) {
		if (!outcome.isEnded()) {
			throw new IllegalArgumentException("outcome must be an end state, but was " + outcome);
		}
		String counts = polled ? ", polls = polls + 1, last_polled = ?" : "";
		List<Object> args = new ArrayList<>(Arrays.asList(outcome.name(), timestamp(now()), failure));
		if (polled) {
			args.add(timestamp(now()));
		}
		args.add(id);
		return this.jdbc.update("UPDATE " + this.table + " SET state = ?, ended = ?, failure = ?, polled_by = NULL"
				+ counts + " WHERE id = ? AND state = 'PENDING'", args.toArray()) == 1;
	}

	/**
	 * Records that the handlers of one kind ran (at least once).
	 * @param id the pact
	 * @param kind {@code then}, {@code lastly} or {@code timeout}
	 * @param callbackError what one of them threw, or {@code null}
	 */
	public void markDone(String id, DurablePactContext.Kind kind, @Nullable String callbackError) {
		String column = switch (kind) {
			case THEN -> "then_done";
			case LASTLY -> "lastly_done";
			case TIMEOUT -> "timeout_done";
			case CONDITION -> throw new IllegalArgumentException("a condition is never done");
		};
		this.jdbc.update("UPDATE " + this.table + " SET " + column
				+ " = TRUE, callback_error = COALESCE(?, callback_error) WHERE id = ?", callbackError, id);
	}

	/**
	 * Deletes the settled pacts that ended before {@code before}.
	 * @param before the oldest end kept
	 * @return how many rows were deleted
	 */
	public int deleteEndedBefore(Instant before) {
		return this.jdbc.update("DELETE FROM " + this.table + " WHERE state <> 'PENDING' AND ended < ? AND lastly_done"
				+ " AND (then_done OR state <> 'FINISHED')", timestamp(before));
	}

	private Instant now() {
		return this.clock.instant();
	}

	private DurablePactRow mapRow(ResultSet rs, int rowNumber) throws SQLException {
		return new DurablePactRow(rs.getString("id"), rs.getString("name"), rs.getString("description"),
				rs.getString("payload"), rs.getString("condition_handler"), names(rs.getString("then_handlers")),
				names(rs.getString("lastly_handlers")), names(rs.getString("timeout_handlers")),
				PactState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)), instant(rs, "created"),
				instant(rs, "deadline"), Duration.ofMillis(rs.getLong("overdue_retention_ms")),
				backoff(rs.getLong("poll_interval_ms"), rs.getLong("max_poll_interval_ms"),
						rs.getDouble("backoff_multiplier")),
				rs.getLong("polls"), instant(rs, "last_polled"), rs.getString("polled_by"),
				instant(rs, "overdue_since"), rs.getBoolean("timeout_done"), instant(rs, "ended"),
				rs.getString("failure"), rs.getBoolean("then_done"), rs.getBoolean("lastly_done"),
				rs.getString("callback_error"), rs.getString("created_by"));
	}

	private static Backoff backoff(long initialMillis, long maxMillis, double multiplier) {
		Duration initial = Duration.ofMillis(initialMillis);
		if (multiplier == 1.0 || maxMillis <= initialMillis) {
			return Backoff.fixed(initial);
		}
		return Backoff.exponential(initial, Duration.ofMillis(maxMillis), multiplier);
	}

	private static List<String> names(@Nullable String joined) {
		return (joined == null || joined.isEmpty()) ? List.of() : List.of(joined.split(","));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static void setInstant(PreparedStatement ps, int index, @Nullable Instant instant) throws SQLException {
		ps.setObject(index, timestamp(instant));
	}

	private static @Nullable OffsetDateTime timestamp(@Nullable Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

}
