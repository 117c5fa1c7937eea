package org.pactlib.durable;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.pactlib.Pact;
import org.pactlib.PactState;
import org.pactlib.autoconfigure.PactAutoConfiguration;
import org.pactlib.durable.DurableTestHandlers.Steps;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration: when it applies, the embedded default on H2, and bad properties.
 */
class PactDurableAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PactAutoConfiguration.class, JacksonAutoConfiguration.class,
				DataSourceAutoConfiguration.class, PactDurableAutoConfiguration.class))
		.withUserConfiguration(DurableTestHandlers.class)
		.withPropertyValues("pact.durable.polling-interval=100ms", "pact.durable.default-poll-interval=50ms",
				"pact.durable.handle-poll-interval=50ms");

	@Test
	void backsOffWithoutADataSource() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PactAutoConfiguration.class, PactDurableAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DurablePacts.class));
	}

	@Test
	void isSwitchedOffByTheEnabledProperty() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:off", "pact.durable.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DurablePacts.class));
	}

	@Test
	void createsTheTablesOnAnInMemoryH2ByDefaultAndPollsPactsThere() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:durable;DB_CLOSE_DELAY=-1").run((context) -> {
			assertThat(context).hasNotFailed();
			context.start();
			Pact pact = context.getBean(DurablePacts.class)
				.pact("test.delete")
				.payload(new Steps(2))
				.until("test.afterPolls")
				.then("test.record")
				.start();
			pact.await(Duration.ofSeconds(20));
			assertThat(pact.state()).isEqualTo(PactState.FINISHED);
			assertThat(context.getBean(DurableTestHandlers.Recorder.class).calls).hasSize(1);
		});
	}

	@Test
	void leavesAFileDatabaseAloneByDefault() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:file:./target/h2/untouched").run((context) -> {
			assertThat(context).hasNotFailed();
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
			assertThat(jdbc.queryForObject(
					"SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) = 'pact_durable'",
					Integer.class))
				.isZero();
		});
	}

	@Test
	void rejectsABadPropertyNamingIt() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:bad", "pact.durable.threads=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("pact.durable.threads"));
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:bad2", "pact.durable.table-name=x;drop")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("pact.durable.table-name"));
	}

}
