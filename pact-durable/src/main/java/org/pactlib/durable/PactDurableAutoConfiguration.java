package org.pactlib.durable;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.pactlib.Backoff;
import org.pactlib.PactClock;
import org.pactlib.autoconfigure.PactAutoConfiguration;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Auto-configuration of durable pacts, when db-scheduler is on the class path and the application has a
 * {@link DataSource}: the tables (created as {@code pact.durable.initialize-schema} says), a db-scheduler
 * {@link Scheduler} on that data source that polls them on threads of its own, started after the context
 * refresh and stopped at shutdown, and the {@link DurablePacts} bean services inject. Writes go through a
 * {@link TransactionAwareDataSourceProxy}, so creating a pact joins the caller's Spring transaction.
 * {@code pact.durable.enabled=false} switches it all off.
 */
@AutoConfiguration(after = PactAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnClass({ Scheduler.class, TransactionAwareDataSourceProxy.class })
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "pact.durable.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DurableProperties.class)
public final class PactDurableAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DurablePactStore durablePactStore(DataSource dataSource, DurableProperties properties) {
		validate(properties);
		new DurableSchema(dataSource, properties.getTableName(), properties.getSchedulerTableName())
			.initialize(properties.getInitializeSchema());
		return new DurablePactStore(transactionAware(dataSource), properties.getTableName(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	DurableHandlers durableHandlers(ConfigurableListableBeanFactory beanFactory, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<ObjectMapper> objectMapper) {
		ObjectMapper mapper = jsonMapper.getIfUnique();
		if (mapper == null) {
			mapper = objectMapper.getIfUnique();
		}
		return new DurableHandlers(beanFactory, (mapper != null) ? mapper : JsonMapper.builder().build());
	}

	@Bean
	@ConditionalOnMissingBean
	DurablePactWatcher durablePactWatcher(DurablePactStore store, DurableProperties properties,
			ObjectProvider<PactClock> clock, ObjectProvider<DurablePactObserver> observers) {
		return new DurablePactWatcher(store, clock.getIfAvailable(PactClock::system),
				properties.getHandlePollInterval(), properties.getEndedRetention(), observers.orderedStream().toList());
	}

	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	Scheduler durablePactScheduler(DataSource dataSource, DurablePactStore store, DurableHandlers handlers,
			DurableProperties properties) {
		String instanceName = instanceName(properties);
		CustomTask<Void> task = Tasks.custom(DurablePacts.TASK_NAME, Void.class)
			.onFailure(new FailureHandler.OnFailureRetryLater<>(properties.getDefaultPollInterval()))
			.onDeadExecutionRevive()
			.execute(new DurablePoller(store, handlers, instanceName));
		SchedulerBuilder builder = Scheduler.create(transactionAware(dataSource), task)
			.schedulerName(new SchedulerName.Fixed(instanceName))
			.tableName(properties.getSchedulerTableName())
			.threads(properties.getThreads())
			.pollingInterval(properties.getPollingInterval())
			.heartbeatInterval(properties.getHeartbeatInterval())
			.shutdownMaxWait(Duration.ofSeconds(10))
			.enableImmediateExecution();
		if (properties.getPollingStrategy() == DurableProperties.PollingStrategy.LOCK_AND_FETCH) {
			builder.pollUsingLockAndFetch(0.5, 1.0);
		}
		else {
			builder.pollUsingFetchAndLockOnExecute(0.5, 3.0);
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	DurableSchedulerLifecycle durableSchedulerLifecycle(Scheduler scheduler, DurablePactWatcher watcher) {
		return new DurableSchedulerLifecycle(scheduler, watcher);
	}

	@Bean
	@ConditionalOnMissingBean
	DurablePacts durablePacts(DurablePactStore store, DurableHandlers handlers, Scheduler scheduler,
			DurablePactWatcher watcher, DurableProperties properties) {
		Backoff backoff = (properties.getDefaultBackoffMultiplier() == 1.0)
				? Backoff.fixed(properties.getDefaultPollInterval())
				: Backoff.exponential(properties.getDefaultPollInterval(), properties.getDefaultMaxPollInterval(),
						properties.getDefaultBackoffMultiplier());
		DurableSettings defaults = new DurableSettings(properties.getDefaultTimeout(), backoff,
				properties.getOverdueRetention());
		return new DurablePacts(store, handlers, scheduler, watcher, defaults, instanceName(properties));
	}

	private static DataSource transactionAware(DataSource dataSource) {
		return (dataSource instanceof TransactionAwareDataSourceProxy) ? dataSource
				: new TransactionAwareDataSourceProxy(dataSource);
	}

	private static String instanceName(DurableProperties properties) {
		if (properties.getInstanceName() != null && !properties.getInstanceName().isBlank()) {
			return properties.getInstanceName();
		}
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "localhost";
		}
		return host + ":" + ProcessHandle.current().pid();
	}

	private static void validate(DurableProperties properties) {
		positive("pact.durable.threads", properties.getThreads(), properties.getThreads() > 0);
		positive("pact.durable.polling-interval", properties.getPollingInterval(), isPositive(properties.getPollingInterval()));
		positive("pact.durable.heartbeat-interval", properties.getHeartbeatInterval(),
				isPositive(properties.getHeartbeatInterval()));
		positive("pact.durable.default-poll-interval", properties.getDefaultPollInterval(),
				isPositive(properties.getDefaultPollInterval()));
		positive("pact.durable.handle-poll-interval", properties.getHandlePollInterval(),
				isPositive(properties.getHandlePollInterval()));
		if (properties.getDefaultMaxPollInterval() == null
				|| properties.getDefaultMaxPollInterval().compareTo(properties.getDefaultPollInterval()) < 0) {
			throw new InvalidConfigurationPropertyValueException("pact.durable.default-max-poll-interval",
					properties.getDefaultMaxPollInterval(), "Must be at least pact.durable.default-poll-interval ("
							+ properties.getDefaultPollInterval() + ").");
		}
		if (!(properties.getDefaultBackoffMultiplier() >= 1.0)
				|| Double.isInfinite(properties.getDefaultBackoffMultiplier())) {
			throw new InvalidConfigurationPropertyValueException("pact.durable.default-backoff-multiplier",
					properties.getDefaultBackoffMultiplier(), "Must be a finite number of at least 1.");
		}
		if (properties.getDefaultTimeout() != null && properties.getDefaultTimeout().isNegative()) {
			throw new InvalidConfigurationPropertyValueException("pact.durable.default-timeout",
					properties.getDefaultTimeout(), "Must be zero or positive.");
		}
		for (String[] table : new String[][] { { "pact.durable.table-name", properties.getTableName() },
				{ "pact.durable.scheduler-table-name", properties.getSchedulerTableName() } }) {
			if (table[1] == null || !table[1].matches("[A-Za-z_][A-Za-z0-9_.]*")) {
				throw new InvalidConfigurationPropertyValueException(table[0], table[1],
						"Must be a table name: letters, digits, '_' and '.', not starting with a digit.");
			}
		}
	}

	private static boolean isPositive(Duration duration) {
		return duration != null && !duration.isNegative() && !duration.isZero();
	}

	private static void positive(String name, Object value, boolean valid) {
		if (!valid) {
			throw new InvalidConfigurationPropertyValueException(name, value, "Must be positive.");
		}
	}

}
