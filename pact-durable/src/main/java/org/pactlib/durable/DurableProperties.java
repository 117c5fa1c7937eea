package org.pactlib.durable;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of durable pacts ({@code pact.durable.*}): the scheduler that polls them, their tables,
 * and the defaults of the pacts created without settings of their own.
 */
@ConfigurationProperties("pact.durable")
public class DurableProperties {

	/**
	 * Whether durable pacts are configured at all. Without them, {@code DurablePacts} is not defined.
	 */
	private boolean enabled = true;

	/**
	 * How the scheduler claims due polls: {@code fetch} (optimistic, one update per poll; any database)
	 * or {@code lock-and-fetch} ({@code SELECT ... FOR UPDATE SKIP LOCKED}; PostgreSQL and others that
	 * support it).
	 */
	private PollingStrategy pollingStrategy = PollingStrategy.FETCH;

	/**
	 * How many threads of this instance run polls and callbacks of durable pacts at once.
	 */
	private int threads = 10;

	/**
	 * How often this instance looks in the database for due polls.
	 */
	private Duration pollingInterval = Duration.ofSeconds(1);

	/**
	 * How often this instance tells the database that it is alive while it runs a poll; a poll whose
	 * instance missed six heartbeats is run again by another instance.
	 */
	private Duration heartbeatInterval = Duration.ofSeconds(10);

	/**
	 * The name of this instance, shown as the creator and the poller of durable pacts; host name and
	 * process id when unset. Each instance of a cluster needs its own.
	 */
	private String instanceName;

	/**
	 * The table of durable pacts: their state, payload, callbacks and outcome.
	 */
	private String tableName = "pact_durable";

	/**
	 * The table of db-scheduler's executions (one per pending durable pact).
	 */
	private String schedulerTableName = "scheduled_tasks";

	/**
	 * When to create the two tables (if they do not exist) at startup: {@code embedded} (only on an
	 * in-memory database), {@code always}, or {@code never}.
	 */
	private InitializeSchema initializeSchema = InitializeSchema.EMBEDDED;

	/**
	 * The interval between two polls of a durable pact created without one.
	 */
	private Duration defaultPollInterval = Duration.ofSeconds(1);

	/**
	 * The longest interval between two polls: the interval grows by {@code default-backoff-multiplier}
	 * after each poll, up to this. Equal to the poll interval for a fixed interval.
	 */
	private Duration defaultMaxPollInterval = Duration.ofSeconds(1);

	/**
	 * By how much the poll interval grows after each poll (1 for a fixed interval).
	 */
	private double defaultBackoffMultiplier = 1.0;

	/**
	 * The deadline of a durable pact created without one, counted from its creation; none when unset.
	 */
	private Duration defaultTimeout;

	/**
	 * How long a durable pact stays pending (and polled) after its deadline before it is cancelled, as
	 * {@code pact.registry.overdue-retention} for in-memory pacts.
	 */
	private Duration overdueRetention = Duration.ofMinutes(10);

	/**
	 * How long the row of an ended durable pact is kept, so that every instance can still report its
	 * outcome.
	 */
	private Duration endedRetention = Duration.ofDays(1);

	/**
	 * How often this instance reads the outcome of the durable pacts whose handles it holds.
	 */
	private Duration handlePollInterval = Duration.ofMillis(500);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public PollingStrategy getPollingStrategy() {
		return this.pollingStrategy;
	}

	public void setPollingStrategy(PollingStrategy pollingStrategy) {
		this.pollingStrategy = pollingStrategy;
	}

	public int getThreads() {
		return this.threads;
	}

	public void setThreads(int threads) {
		this.threads = threads;
	}

	public Duration getPollingInterval() {
		return this.pollingInterval;
	}

	public void setPollingInterval(Duration pollingInterval) {
		this.pollingInterval = pollingInterval;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public String getInstanceName() {
		return this.instanceName;
	}

	public void setInstanceName(String instanceName) {
		this.instanceName = instanceName;
	}

	public String getTableName() {
		return this.tableName;
	}

	public void setTableName(String tableName) {
		this.tableName = tableName;
	}

	public String getSchedulerTableName() {
		return this.schedulerTableName;
	}

	public void setSchedulerTableName(String schedulerTableName) {
		this.schedulerTableName = schedulerTableName;
	}

	public InitializeSchema getInitializeSchema() {
		return this.initializeSchema;
	}

	public void setInitializeSchema(InitializeSchema initializeSchema) {
		this.initializeSchema = initializeSchema;
	}

	public Duration getDefaultPollInterval() {
		return this.defaultPollInterval;
	}

	public void setDefaultPollInterval(Duration defaultPollInterval) {
		this.defaultPollInterval = defaultPollInterval;
	}

	public Duration getDefaultMaxPollInterval() {
		return this.defaultMaxPollInterval;
	}

	public void setDefaultMaxPollInterval(Duration defaultMaxPollInterval) {
		this.defaultMaxPollInterval = defaultMaxPollInterval;
	}

	public double getDefaultBackoffMultiplier() {
		return this.defaultBackoffMultiplier;
	}

	public void setDefaultBackoffMultiplier(double defaultBackoffMultiplier) {
		this.defaultBackoffMultiplier = defaultBackoffMultiplier;
	}

	public Duration getDefaultTimeout() {
		return this.defaultTimeout;
	}

	public void setDefaultTimeout(Duration defaultTimeout) {
		this.defaultTimeout = defaultTimeout;
	}

	public Duration getOverdueRetention() {
		return this.overdueRetention;
	}

	public void setOverdueRetention(Duration overdueRetention) {
		this.overdueRetention = overdueRetention;
	}

	public Duration getEndedRetention() {
		return this.endedRetention;
	}

	public void setEndedRetention(Duration endedRetention) {
		this.endedRetention = endedRetention;
	}

	public Duration getHandlePollInterval() {
		return this.handlePollInterval;
	}

	public void setHandlePollInterval(Duration handlePollInterval) {
		this.handlePollInterval = handlePollInterval;
	}

	/**
	 * How the scheduler claims due polls.
	 */
	public enum PollingStrategy {

		/** Select due executions, then claim each with an optimistic update. */
		FETCH,

		/** Claim a batch of due executions in one {@code SELECT ... FOR UPDATE SKIP LOCKED}. */
		LOCK_AND_FETCH

	}

	/**
	 * When to create the tables at startup, as Boot's own {@code initialize-schema} properties.
	 */
	public enum InitializeSchema {

		/** Only on an embedded, in-memory database. */
		EMBEDDED,

		/** On every database (the scripts create only what does not exist). */
		ALWAYS,

		/** Never: the tables are created by the application's own migrations. */
		NEVER

	}

}
