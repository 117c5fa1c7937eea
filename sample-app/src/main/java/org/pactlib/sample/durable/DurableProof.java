package org.pactlib.sample.durable;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.pactlib.Pact;
import org.pactlib.durable.DurableCallback;
import org.pactlib.durable.DurableCondition;
import org.pactlib.durable.DurablePactContext;
import org.pactlib.durable.DurablePacts;
import org.pactlib.registry.PactFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The handlers that the end-to-end tests of durable pacts drive, on when
 * {@code sample.durable-proof.enabled=true}. {@code proof.ready} holds after the number of polls in its
 * payload and checks, in the database, that no other poll of the same pact runs at the same time: each
 * poll claims the pact's row in {@code durable_proof_polls} with a guarded update and records a
 * violation in {@code durable_proof_violations} when the claim finds it held (a claim older than
 * {@value #STALE_SECONDS} seconds is that of a dead instance, and is taken over). {@code proof.record}
 * records each delivery of its idempotency key in {@code durable_proof_then}. {@code POST /durable-proof}
 * creates pacts; when durable pacts are off it creates in-memory pacts with the same handlers, which a
 * {@code kill -9} loses.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("sample.durable-proof.enabled")
public class DurableProof {

	static final int STALE_SECONDS = 3;

	@Bean
	ProofTables proofTables(DataSource dataSource) {
		return new ProofTables(new JdbcTemplate(dataSource));
	}

	@Bean("proof.ready")
	DurableCondition<ProofPayload> proofReady(ProofTables tables, DurablePactsName instance) {
		return (payload, context) -> {
			tables.claim(context.id(), instance.name());
			try {
				if (payload.workMillis() > 0) {
					Thread.sleep(payload.workMillis());
				}
				return context.polls() + 1 >= payload.polls();
			}
			finally {
				tables.release(context.id(), instance.name());
			}
		};
	}

	@Bean("proof.record")
	DurableCallback<ProofPayload> proofRecord(ProofTables tables, DurablePactsName instance) {
		return (payload, context) -> tables.delivered(context.idempotencyKey(), context.id(), instance.name());
	}

	@Bean
	DurablePactsName durablePactsName(ObjectProvider<DurablePacts> pacts) {
		return new DurablePactsName(pacts);
	}

	/**
	 * The name of this instance, as durable pacts know it.
	 */
	static final class DurablePactsName {

		private final ObjectProvider<DurablePacts> pacts;

		DurablePactsName(ObjectProvider<DurablePacts> pacts) {
			this.pacts = pacts;
		}

		String name() {
			DurablePacts durable = this.pacts.getIfAvailable();
			return (durable != null) ? durable.getInstanceName() : "in-memory:" + ProcessHandle.current().pid();
		}

	}

	/**
	 * The proof's tables.
	 */
	static final class ProofTables {

		private final JdbcTemplate jdbc;

		ProofTables(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
			jdbc.execute("CREATE TABLE IF NOT EXISTS durable_proof_polls (pact_id VARCHAR(36) NOT NULL PRIMARY KEY, "
					+ "in_poll_by VARCHAR(200), in_poll_since TIMESTAMP WITH TIME ZONE, polls INT NOT NULL)");
			jdbc.execute("CREATE TABLE IF NOT EXISTS durable_proof_violations (pact_id VARCHAR(36) NOT NULL, "
					+ "holder VARCHAR(200), poller VARCHAR(200) NOT NULL, at TIMESTAMP WITH TIME ZONE NOT NULL)");
			jdbc.execute("CREATE TABLE IF NOT EXISTS durable_proof_then (idempotency_key VARCHAR(100) NOT NULL "
					+ "PRIMARY KEY, pact_id VARCHAR(36) NOT NULL, deliveries INT NOT NULL, instance VARCHAR(200))");
		}

		void claim(String id, String poller) {
			OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
			if (this.jdbc.update("UPDATE durable_proof_polls SET in_poll_by = ?, in_poll_since = ?, polls = polls + 1 WHERE pact_id = ? "
					+ "AND (in_poll_by IS NULL OR in_poll_since < ?)", poller, now, id,
					now.minusSeconds(STALE_SECONDS)) == 1) {
				return;
			}
			try {
				this.jdbc.update("INSERT INTO durable_proof_polls (pact_id, in_poll_by, in_poll_since, polls) VALUES (?, ?, ?, 1)",
						id, poller, now);
			}
			catch (DuplicateKeyException ex) {
				List<String> holder = this.jdbc.queryForList(
						"SELECT in_poll_by FROM durable_proof_polls WHERE pact_id = ?", String.class, id);
				this.jdbc.update("INSERT INTO durable_proof_violations (pact_id, holder, poller, at) VALUES (?, ?, ?, ?)",
						id, holder.isEmpty() ? null : holder.get(0), poller, now);
			}
		}

		void release(String id, String poller) {
			this.jdbc.update("UPDATE durable_proof_polls SET in_poll_by = NULL WHERE pact_id = ? AND in_poll_by = ?", id,
					poller);
		}

		void delivered(String key, String id, String instance) {
			if (this.jdbc.update("UPDATE durable_proof_then SET deliveries = deliveries + 1 WHERE idempotency_key = ?",
					key) == 1) {
				return;
			}
			try {
				this.jdbc.update("INSERT INTO durable_proof_then (idempotency_key, pact_id, deliveries, instance) "
						+ "VALUES (?, ?, 1, ?)", key, id, instance);
			}
			catch (DuplicateKeyException ex) {
				this.jdbc.update("UPDATE durable_proof_then SET deliveries = deliveries + 1 WHERE idempotency_key = ?",
						key);
			}
		}

	}

	/**
	 * {@code POST /durable-proof?count=N&polls=M&workMillis=W&intervalMillis=I}: creates N pacts, in transactions of 100.
	 */
	@RestController
	@ConditionalOnBooleanProperty("sample.durable-proof.enabled")
	static class ProofController {

		private final ObjectProvider<DurablePacts> pacts;

		private final PactFactory factory;

		private final TransactionTemplate transactions;

		private final DurableCondition<ProofPayload> ready;

		private final DurableCallback<ProofPayload> record;

		private final AtomicLong inMemoryIds = new AtomicLong();

		ProofController(ObjectProvider<DurablePacts> pacts, PactFactory factory, PlatformTransactionManager transactions,
				@Qualifier("proof.ready") DurableCondition<ProofPayload> ready,
				@Qualifier("proof.record") DurableCallback<ProofPayload> record) {
			this.pacts = pacts;
			this.factory = factory;
			this.transactions = new TransactionTemplate(transactions);
			this.ready = ready;
			this.record = record;
		}

		@PostMapping("/durable-proof")
		List<String> create(@RequestParam int count, @RequestParam int polls,
				@RequestParam(defaultValue = "0") int workMillis, @RequestParam(defaultValue = "200") long intervalMillis) {
			ProofPayload payload = new ProofPayload(polls, workMillis);
			Duration interval = Duration.ofMillis(intervalMillis);
			DurablePacts durable = this.pacts.getIfAvailable();
			List<String> ids = new ArrayList<>();
			for (int from = 0; from < count; from += 100) {
				int batch = Math.min(100, count - from);
				this.transactions.executeWithoutResult((status) -> {
					for (int i = 0; i < batch; i++) {
						ids.add((durable != null) ? durable(durable, payload, interval) : inMemory(payload, interval));
					}
				});
			}
			return ids;
		}

		private String durable(DurablePacts durable, ProofPayload payload, Duration interval) {
			Pact pact = durable.pact("proof")
				.describedAs("Proof pact from " + durable.getInstanceName())
				.payload(payload)
				.until("proof.ready")
				.then("proof.record")
				.pollInterval(interval)
				.start();
			return durable.idOf(pact).orElseThrow();
		}

		private String inMemory(ProofPayload payload, Duration interval) {
			String id = "mem-" + ProcessHandle.current().pid() + "-" + this.inMemoryIds.incrementAndGet();
			AtomicLong polls = new AtomicLong();
			Instant created = Instant.now();
			this.factory.builder("Proof pact")
				.name("proof")
				.pollInterval(interval)
				.until(() -> call(() -> this.ready.isDone(payload, context(id, DurablePactContext.Kind.CONDITION,
						"proof.ready", polls.getAndIncrement(), created))))
				.then(() -> call(() -> {
					this.record.run(payload, context(id, DurablePactContext.Kind.THEN, "proof.record", polls.get(),
							created));
					return true;
				}))
				.create();
			return id;
		}

		private static DurablePactContext context(String id, DurablePactContext.Kind kind, String handler, long polls,
				Instant created) {
			return new DurablePactContext(id, "proof", "Proof pact", kind, handler, polls, created, null);
		}

		private static boolean call(Callable<Boolean> call) {
			try {
				return call.call();
			}
			catch (RuntimeException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
