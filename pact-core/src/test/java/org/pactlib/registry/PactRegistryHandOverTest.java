package org.pactlib.registry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pactlib.Pact;
import org.pactlib.PactState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Handing pacts over between the registry and code that polls them itself: held-back registrations
 * and {@link PactRegistry#unregister}.
 */
class PactRegistryHandOverTest {

	@RegisterExtension
	final RegistryTestResources resources = new RegistryTestResources();

	private final PactRegistryTest.RecordingListener listener = new PactRegistryTest.RecordingListener();

	private final PactRegistry registry = this.resources.track(PactRegistry.builder(this.resources.scheduler())
		.tick(Duration.ofMillis(5))
		.maxPacts(2)
		.listener(this.listener)
		.build());

	@Test
	void heldRegistrationsAreListedWhenReleasedExceptTheOneTakenOver() {
		Pact taken;
		Pact other;
		try (HeldRegistrations held = this.registry.holdRegistrations()) {
			taken = pending("taken");
			other = pending("other");
			this.registry.register(taken, "op");
			this.registry.register(other, "side");
			assertThat(this.registry.size()).isZero();
			assertThat(this.registry.snapshot()).isEmpty();
			assertThat(this.listener.count("registered")).isZero();
			assertThat(held.takeOver(taken)).isTrue();
			assertThat(held.takeOver(taken)).isFalse();
			assertThat(held.takeOver(pending("never registered"))).isFalse();
		}
		assertThat(this.registry.snapshot()).singleElement()
			.satisfies((snapshot) -> assertThat(snapshot.description()).isEqualTo("other"));
		assertThat(this.listener.count("registered")).isEqualTo(1);
		assertThat(taken.isPolledInBackground()).as("a pact taken over is polled by whoever took it over").isFalse();
	}

	@Test
	void heldRegistrationsCountAgainstTheBoundAndTakingOverFreesThePlace() {
		try (HeldRegistrations held = this.registry.holdRegistrations()) {
			Pact first = pending("first");
			this.registry.register(first, "op");
			this.registry.register(pending("second"), "op");
			assertThatIllegalStateException().isThrownBy(() -> this.registry.register(pending("third"), "op"))
				.withMessageContaining("maxPacts");
			held.takeOver(first);
			this.registry.register(pending("third"), "op");
		}
		assertThat(this.registry.size()).isEqualTo(2);
	}

	@Test
	void registrationsAreHeldOnlyOnTheHoldingThreadAndOnlyOnce() throws Exception {
		try (HeldRegistrations held = this.registry.holdRegistrations()) {
			assertThatIllegalStateException().isThrownBy(this.registry::holdRegistrations);
			Thread other = new Thread(() -> this.registry.register(pending("elsewhere"), "op"));
			other.start();
			other.join(5000);
			assertThat(this.registry.size()).isEqualTo(1);
		}
	}

	@Test
	void aHeldPactIsCancelledIfTheRegistryShutsDownBeforeItIsListed() {
		Pact pact = pending("late");
		try (HeldRegistrations held = this.registry.holdRegistrations()) {
			this.registry.register(pact, "op");
			this.registry.shutdown(Duration.ZERO);
		}
		assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
		assertThat(this.registry.size()).isZero();
	}

	@Test
	void heldPactsArePolledOnlyOnceListed() {
		AtomicBoolean polled = new AtomicBoolean();
		Pact pact = Pact.builder("watched").build().until(() -> {
			polled.set(true);
			return true;
		});
		try (HeldRegistrations held = this.registry.holdRegistrations()) {
			this.registry.register(pact, "op");
			assertThat(polled).isFalse();
		}
		await().atMost(Duration.ofSeconds(5)).until(pact::isFinished);
		assertThat(this.listener.count("ended:FINISHED")).isEqualTo(1);
	}

	@Test
	void unregisterLetsGoOfAPendingPactWithoutEndingIt() {
		Pact pact = pending("handed over");
		RegisteredPact registered = this.registry.register(pact, "op");
		assertThat(this.registry.unregister(pact)).isTrue();
		assertThat(this.registry.unregister(pact)).isFalse();
		assertThat(this.registry.size()).isZero();
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
		assertThat(this.listener.eventsOf(registered.id())).containsExactly("registered", "unregistered");
		this.registry.register(pending("a"), "op");
		this.registry.register(pending("b"), "op");
		assertThat(this.registry.size()).isEqualTo(2);
	}

	private static Pact pending(String description) {
		return Pact.builder(description).pollInterval(Duration.ofHours(1)).build().until(() -> false);
	}

}
