package org.pactlib.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pactlib.Backoff;
import org.pactlib.Pact;
import org.pactlib.PactFailedException;
import org.pactlib.PactGroup;
import org.pactlib.PactState;
import org.pactlib.VirtualClock;
import org.pactlib.registry.PactRegistryTest.RecordingListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.pactlib.registry.RegistryTestResources.eventually;

/**
 * The factory creates registered pacts and groups with its defaults (per name), fixes their conditions at
 * creation, and adds the callbacks given to its builder before the first poll.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PactFactoryTest {

	private static final Instant ORIGIN = Instant.parse("2030-01-01T00:00:00Z");

	private static final PactDefaults GENERAL = new PactDefaults(Duration.ofMinutes(5),
			Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1), 2), false);

	private static final PactDefaults STORAGE = new PactDefaults(Duration.ofMinutes(1), Backoff.fixed(Duration.ofSeconds(3)),
			true);

	@RegisterExtension
	final RegistryTestResources resources = new RegistryTestResources();

	private final VirtualClock clock = new VirtualClock(ORIGIN);

	private final RecordingListener listener = new RecordingListener();

	private String pollerPrefix;

	private PactRegistry.Builder registryBuilder() {
		this.pollerPrefix = PactRegistryTest.uniquePollerPrefix();
		return PactRegistry.builder(this.resources.scheduler()).tick(Duration.ofMillis(5))
			.threadNamePrefix(this.pollerPrefix).listener(this.listener);
	}

	private PactRegistry virtualRegistry() {
		return this.resources.track(registryBuilder().clock(this.clock).build());
	}

	private PactRegistry systemRegistry() {
		return this.resources.track(registryBuilder().build());
	}

	/** Advances {@link #clock} once the registry's pollers are idle (see {@link PactRegistryTest}). */
	private void advance(Duration duration) {
		PactRegistryTest.awaitPollersIdle(this.pollerPrefix);
		this.clock.advance(duration);
	}

	private static BooleanSupplier counting(AtomicInteger calls, boolean result) {
		return () -> {
			calls.incrementAndGet();
			return result;
		};
	}

	@Test
	void createReturnsARegisteredPactWithTheDefaults() {
		PactRegistry registry = virtualRegistry();
		PactFactory factory = new PactFactory(registry, GENERAL);
		AtomicInteger first = new AtomicInteger();
		AtomicInteger second = new AtomicInteger();

		Pact pact = factory.create("Exporting report 42", counting(first, false), counting(second, false));

		assertThat(factory.getRegistry()).isSameAs(registry);
		assertThat(pact.isPolledInBackground()).isTrue();
		assertThat(pact.getTimeout()).isEqualTo(Duration.ofMinutes(5));
		assertThat(pact.getBackoff()).isEqualTo(GENERAL.backoff());
		assertThat(pact.isLazy()).isFalse();
		assertThat(pact.clock()).isSameAs(this.clock);
		assertThat(pact.getCreatedAt()).isEqualTo(ORIGIN);
		assertThat(pact.getDeadline()).isEqualTo(ORIGIN.plus(Duration.ofMinutes(5)));
		assertThat(registry.snapshot()).singleElement().satisfies((snapshot) -> {
			assertThat(snapshot.name()).isEqualTo(PactRegistry.DEFAULT_NAME);
			assertThat(snapshot.description()).isEqualTo("Exporting report 42");
			assertThat(snapshot.conditions()).isEqualTo(2);
			assertThat(snapshot.deadline()).isEqualTo(ORIGIN.plus(Duration.ofMinutes(5)));
		});
		// eager, as the defaults say: both conditions are evaluated on each poll
		eventually().until(() -> first.get() == 1 && second.get() == 1);
		advance(Duration.ofSeconds(1));
		eventually().until(() -> first.get() == 2 && second.get() == 2);
	}

	@Test
	void createWithoutConditionsFinishesAtTheFirstPoll() {
		PactRegistry registry = virtualRegistry();
		Pact pact = new PactFactory(registry, GENERAL).create("Nothing to wait for");

		eventually().until(() -> pact.isFinished() && registry.size() == 0);
	}

	@Test
	void conditionsOfACreatedPactAreFixed() {
		PactRegistry registry = virtualRegistry();
		PactFactory factory = new PactFactory(registry, GENERAL);
		Pact pact = factory.create("Exporting", () -> false);
		Pact built = factory.builder("Built").until(() -> false).create();

		for (Pact fixed : List.of(pact, built)) {
			assertThatIllegalStateException().isThrownBy(() -> fixed.until(() -> true))
				.withMessageContaining("PactFactory.create");
			assertThatIllegalStateException().isThrownBy(() -> fixed.failWhen(() -> true, "no"))
				.withMessageContaining("PactFactory.create");
			assertThatIllegalStateException().isThrownBy(() -> fixed.untilComplete(new CompletableFuture<>()))
				.withMessageContaining("PactFactory.create");
			assertThat(fixed.getConditionCount()).isOne();
		}
		// callbacks may still be added
		AtomicInteger lastlies = new AtomicInteger();
		pact.lastly(lastlies::incrementAndGet);
		pact.cancel();
		assertThat(lastlies.get()).isOne();
	}

	@Test
	void builderCreatesANamedRegisteredPactWhoseCallbacksRunWhenTheRegistryFinishesIt() {
		PactRegistry registry = systemRegistry();
		PactFactory factory = new PactFactory(registry,
				new PactDefaults(null, Backoff.fixed(Duration.ofMillis(20)), true));
		AtomicBoolean deleted = new AtomicBoolean();
		Queue<String> thenThreads = new ConcurrentLinkedQueue<>();
		Queue<String> lastlyThreads = new ConcurrentLinkedQueue<>();

		Pact pact = factory.builder("Deleting /a").name("storage.delete").timeout(Duration.ofSeconds(10))
			.until(deleted::get)
			.then(() -> thenThreads.add(Thread.currentThread().getName()))
			.lastly(() -> lastlyThreads.add(Thread.currentThread().getName()))
			.create();

		assertThat(pact.getTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(pact.getDescription()).isEqualTo("Deleting /a");
		assertThat(registry.snapshot()).singleElement().satisfies((snapshot) -> {
			assertThat(snapshot.name()).isEqualTo("storage.delete");
			assertThat(snapshot.description()).isEqualTo("Deleting /a");
		});
		eventually().until(() -> pact.getPollCount() >= 2);
		assertThat(thenThreads).isEmpty();

		deleted.set(true);

		eventually().until(() -> !lastlyThreads.isEmpty() && registry.size() == 0);
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
		assertThat(thenThreads).singleElement().asString().startsWith(this.pollerPrefix);
		assertThat(lastlyThreads).singleElement().asString().startsWith(this.pollerPrefix);
		assertThat(this.pollerPrefix).startsWith("pact-poller-");
	}

	@Test
	void defaultsDifferPerNameAndTheBuilderOverridesThem() {
		PactRegistry registry = virtualRegistry();
		PactFactory factory = new PactFactory(registry, GENERAL, Map.of("storage.delete", STORAGE));

		assertThat(factory.defaultsFor("storage.delete")).isSameAs(STORAGE);
		assertThat(factory.defaultsFor("report.export")).isSameAs(GENERAL);
		assertThat(factory.defaultsFor(PactRegistry.DEFAULT_NAME)).isSameAs(GENERAL);

		Pact storage = factory.builder("Deleting /a").name("storage.delete").until(() -> false).create();
		assertThat(storage.getTimeout()).isEqualTo(STORAGE.timeout());
		assertThat(storage.getBackoff()).isEqualTo(STORAGE.backoff());
		assertThat(storage.isLazy()).isTrue();

		Pact other = factory.builder("Exporting").name("report.export").until(() -> false).create();
		assertThat(other.getTimeout()).isEqualTo(GENERAL.timeout());
		assertThat(other.getBackoff()).isEqualTo(GENERAL.backoff());
		assertThat(other.isLazy()).isFalse();

		Pact overridden = factory.builder("Deleting /b").name("storage.delete").timeout(null)
			.pollInterval(Duration.ofSeconds(7)).lazy(false).until(() -> false).create();
		assertThat(overridden.getTimeout()).isNull();
		assertThat(overridden.getDeadline()).isNull();
		assertThat(overridden.getBackoff()).isEqualTo(Backoff.fixed(Duration.ofSeconds(7)));
		assertThat(overridden.isLazy()).isFalse();

		Pact backoff = factory.builder("Deleting /c").name("storage.delete")
			.backoff(Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(8), 3)).until(() -> false).create();
		assertThat(backoff.getBackoff()).isEqualTo(Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(8), 3));

		assertThat(registry.snapshot()).extracting(PactSnapshot::name)
			.containsExactlyInAnyOrder("storage.delete", "report.export", "storage.delete", "storage.delete");
	}

	@Test
	void groupReturnsARegisteredGroupWithTheDefaultsOfItsName() {
		PactRegistry registry = virtualRegistry();
		PactFactory factory = new PactFactory(registry, GENERAL, Map.of("storage.delete", STORAGE));
		AtomicBoolean aDone = new AtomicBoolean();
		AtomicBoolean bDone = new AtomicBoolean();
		Pact a = Pact.builder("Deleting /a").clock(this.clock).build().until(aDone::get);
		Pact b = Pact.builder("Deleting /b").clock(this.clock).build().until(bDone::get);
		AtomicInteger thens = new AtomicInteger();

		PactGroup group = factory.group("storage.delete", List.of(a, b));
		group.then(thens::incrementAndGet);

		assertThat(group.isPolledInBackground()).isTrue();
		assertThat(group.getTimeout()).isEqualTo(STORAGE.timeout());
		assertThat(group.getBackoff()).isEqualTo(STORAGE.backoff());
		assertThat(group.isLazy()).isTrue();
		assertThat(group.clock()).isSameAs(this.clock);
		assertThat(group).containsExactly(a, b);
		assertThat(registry.snapshot()).singleElement().satisfies((snapshot) -> {
			assertThat(snapshot.type()).isEqualTo("group");
			assertThat(snapshot.name()).isEqualTo("storage.delete");
			assertThat(snapshot.deadline()).isEqualTo(ORIGIN.plus(STORAGE.timeout()));
			assertThat(snapshot.members()).extracting(PactSnapshot::description)
				.containsExactly("Deleting /a", "Deleting /b");
		});
		eventually().until(() -> group.getPollCount() == 1);

		aDone.set(true);
		bDone.set(true);
		advance(Duration.ofSeconds(3));

		eventually().until(() -> group.isFinished() && registry.size() == 0);
		assertThat(thens.get()).isOne();
		assertThat(a.isFinished()).isTrue();
		assertThat(b.isFinished()).isTrue();

		PactGroup defaultGroup = factory.group(List.of(Pact.builder("c").clock(this.clock).build().until(() -> false)));
		assertThat(defaultGroup.getTimeout()).isEqualTo(GENERAL.timeout());
		assertThat(registry.snapshot()).singleElement().extracting(PactSnapshot::name)
			.isEqualTo(PactRegistry.DEFAULT_NAME);
	}

	@Test
	void builderCallbacksRunAtEveryPollAtTheDeadlineAndAtTheEnd() {
		PactRegistry registry = virtualRegistry();
		PactFactory factory = new PactFactory(registry, GENERAL);
		AtomicInteger during = new AtomicInteger();
		AtomicInteger timeouts = new AtomicInteger();
		AtomicInteger thens = new AtomicInteger();
		AtomicInteger lastlies = new AtomicInteger();
		AtomicBoolean ready = new AtomicBoolean();

		Pact pact = factory.builder("Exporting").timeout(Duration.ofSeconds(5)).pollInterval(Duration.ofSeconds(1))
			.ignoreExceptions(IllegalStateException.class)
			.until(() -> {
				if (!ready.get()) {
					throw new IllegalStateException("not ready");
				}
				return true;
			})
			.during(during::incrementAndGet)
			.onTimeout(timeouts::incrementAndGet)
			.then(thens::incrementAndGet)
			.lastly(lastlies::incrementAndGet)
			.create();
		String id = registry.snapshot().get(0).id();
		eventually().until(() -> during.get() == 1);
		assertThat(registry.find(id).orElseThrow().lastIgnoredException())
			.isEqualTo("java.lang.IllegalStateException: not ready");

		for (int second = 1; second <= 5; second++) {
			long polls = pact.getPollCount();
			advance(Duration.ofSeconds(1));
			eventually().until(() -> pact.getPollCount() > polls);
		}
		eventually().until(() -> timeouts.get() == 1);
		assertThat(registry.find(id).orElseThrow().overdue()).isTrue();

		ready.set(true);
		advance(Duration.ofSeconds(1));

		eventually().until(() -> pact.isFinished() && registry.size() == 0);
		assertThat(thens.get()).isOne();
		assertThat(lastlies.get()).isOne();
		assertThat(timeouts.get()).isOne();
		assertThat(during.get()).isEqualTo((int) pact.getPollCount());
		assertThat(this.listener.eventsOf(id)).containsExactly("registered", "deadlinePassed", "ended:FINISHED");
	}

	@Test
	void builderFailureConditionsAndStagesWork() {
		PactRegistry registry = virtualRegistry();
		PactFactory factory = new PactFactory(registry, GENERAL);
		AtomicBoolean broken = new AtomicBoolean();
		AtomicInteger thens = new AtomicInteger();
		AtomicInteger lastlies = new AtomicInteger();
		Pact failWhen = factory.builder("failWhen").failWhen(broken::get, "it broke").until(() -> false)
			.then(thens::incrementAndGet).lastly(lastlies::incrementAndGet).create();
		Pact failOn = factory.builder("failOn").failOn(UnsupportedOperationException.class).until(() -> {
			throw new UnsupportedOperationException("gone");
		}).lastly(lastlies::incrementAndGet).create();
		CompletableFuture<String> export = new CompletableFuture<>();
		Pact stage = factory.builder("stage").pollInterval(Duration.ofHours(1)).untilComplete(export)
			.then(thens::incrementAndGet).create();

		eventually().until(() -> failOn.state() == PactState.FAILED);
		assertThat(failOn.getFailure()).hasCauseInstanceOf(UnsupportedOperationException.class);
		eventually().until(() -> stage.getPollCount() == 1);
		export.complete("done");
		eventually().until(stage::isFinished);
		assertThat(this.clock.elapsed()).isZero();

		broken.set(true);
		advance(Duration.ofSeconds(1));
		eventually().until(() -> failWhen.state() == PactState.FAILED && registry.size() == 0);
		assertThat(failWhen.getFailure()).isInstanceOf(PactFailedException.class);
		assertThat(failWhen.getFailure().getReason()).isEqualTo("it broke");
		assertThat(thens.get()).as("only the stage's then").isOne();
		assertThat(lastlies.get()).isEqualTo(2);
	}

	@Test
	void timeoutExceptionOfTheBuilderIsWhatAwaitThrowsAtTheDeadline() {
		PactRegistry registry = systemRegistry();
		PactFactory factory = new PactFactory(registry, new PactDefaults(null, Backoff.fixed(Duration.ofMillis(10)), true));
		Pact pact = factory.builder("Slow").timeout(Duration.ofMillis(100))
			.timeoutException((timeout) -> new UnsupportedOperationException("custom: " + timeout.getMessage()))
			.until(() -> false).create();

		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(pact::await)
			.withMessageStartingWith("custom: ");
	}

	@Test
	void createIsRefusedWhenTheRegistryIsFullOrShutDownAndNothingIsRegistered() {
		PactRegistry registry = this.resources.track(registryBuilder().clock(this.clock).maxPacts(1).build());
		PactFactory factory = new PactFactory(registry, GENERAL);
		factory.create("first", () -> false);

		assertThatIllegalStateException().isThrownBy(() -> factory.create("second", () -> false))
			.withMessageContaining("maxPacts");
		assertThatIllegalStateException().isThrownBy(() -> factory.builder("third").until(() -> false).create())
			.withMessageContaining("maxPacts");
		assertThatIllegalStateException().isThrownBy(() -> factory.group(List.of()))
			.withMessageContaining("maxPacts");
		assertThat(registry.size()).isOne();
		assertThat(this.listener.count("registered")).isOne();

		registry.shutdown(Duration.ZERO);
		assertThatIllegalStateException().isThrownBy(() -> factory.create("late")).withMessageContaining("shut down");
		assertThat(registry.size()).isZero();
	}

	@Test
	void badInputIsRefused() {
		PactRegistry registry = virtualRegistry();
		PactFactory factory = new PactFactory(registry, GENERAL);

		assertThatNullPointerException().isThrownBy(() -> new PactFactory(null, GENERAL));
		assertThatNullPointerException().isThrownBy(() -> new PactFactory(registry, null));
		assertThatNullPointerException().isThrownBy(() -> new PactFactory(registry, GENERAL, null));
		assertThatNullPointerException().isThrownBy(() -> factory.create(null));
		assertThatNullPointerException().isThrownBy(() -> factory.create("x", (BooleanSupplier[]) null));
		assertThatNullPointerException().isThrownBy(() -> factory.builder(null));
		assertThatNullPointerException().isThrownBy(() -> factory.group(null));
		assertThatNullPointerException().isThrownBy(() -> factory.builder("x").name(null));
		assertThatIllegalArgumentException().isThrownBy(() -> factory.builder("x").name(" "))
			.withMessageContaining("name");
		assertThatIllegalArgumentException().isThrownBy(() -> factory.builder("x").timeout(Duration.ofSeconds(-1)))
			.withMessageContaining("timeout");
		assertThatIllegalArgumentException().isThrownBy(() -> factory.builder("x").pollInterval(Duration.ZERO));
		assertThatNullPointerException().isThrownBy(() -> factory.builder("x").until(null));
		assertThatNullPointerException().isThrownBy(() -> factory.builder("x").then(null));
		assertThatIllegalArgumentException().isThrownBy(() -> new PactDefaults(Duration.ofSeconds(-1),
				Backoff.fixed(Duration.ofSeconds(1)), true)).withMessageContaining("timeout");
		assertThatNullPointerException().isThrownBy(() -> new PactDefaults(null, null, true));
		assertThat(PactDefaults.STANDARD).isEqualTo(new PactDefaults(null, Backoff.fixed(Duration.ofSeconds(1)), true));
		assertThat(registry.size()).isZero();
	}

}
