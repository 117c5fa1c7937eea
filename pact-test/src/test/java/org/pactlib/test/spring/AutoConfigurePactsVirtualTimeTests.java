package org.pactlib.test.spring;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pactlib.Pact;
import org.pactlib.PactClock;
import org.pactlib.PactState;
import org.pactlib.VirtualClock;
import org.pactlib.registry.PactRegistry;
import org.pactlib.test.PactProbe;
import org.pactlib.test.VirtualTime;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pactlib.test.PactAssertions.assertThat;

/**
 * {@code @AutoConfigurePacts(virtualTime = true)}: the application's pacts run on a virtual clock,
 * polled on the test's thread when it moves the time, and the probe lists what each test started.
 * The methods run in the order of their names, so that the probe's test comes after tests that
 * started pacts.
 */
@SpringBootTest(classes = PactTestApplication.class)
@AutoConfigurePacts(virtualTime = true)
@TestMethodOrder(MethodOrderer.MethodName.class)
class AutoConfigurePactsVirtualTimeTests {

	@Autowired
	DeletionService service;

	@Autowired
	VirtualTime time;

	@Autowired
	PactClock clock;

	@Autowired
	PactRegistry registry;

	@Autowired
	PactProbe probe;

	@Test
	void theApplicationRunsOnTheVirtualClockOfTheHandle() {
		assertThat(this.clock).isInstanceOf(VirtualClock.class).isSameAs(this.time.clock());
		assertThat(this.registry.getClock()).isSameAs(this.clock);
		assertThat(this.time.registry()).isSameAs(this.registry);
	}

	@Test
	void advancingTheTimeRunsEveryPollAndCallbackOnTheTestsThread() {
		Pact pact = this.service.delete("/a", Duration.ofMinutes(3));
		this.time.advance(Duration.ofMinutes(2));
		assertThat(pact).isPending();
		assertThat(this.service.pollingThreads("/a")).containsExactly(Thread.currentThread());
		this.time.advance(Duration.ofMinutes(1));
		assertThat(pact).isFinished();
		assertThat(this.service.deleted()).contains("/a");
	}

	@RepeatedTest(20)
	void tenVirtualMinutesOfADeletionRunInWellUnderASecond() {
		long start = System.nanoTime();
		Pact pact = this.service.delete("/huge", Duration.ofMinutes(10));
		this.time.assertThat(pact).finishesWithin(Duration.ofMinutes(10));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
		assertThat(this.service.deleted()).contains("/huge");
	}

	@Test
	void theProbeListsThePactsThisTestStartedEvenThoseNotReturned() {
		assertThat(this.probe.created()).isEmpty();
		this.service.deleteAudited("/b", Duration.ofSeconds(30));
		assertThat(this.probe.names()).containsExactly("deletion", "audit");
		Pact audit = (Pact) this.probe.single("audit");
		this.time.advance(Duration.ofSeconds(30));
		assertThat(audit).isFinished();
		assertThat(this.probe.ended("deletion", PactState.FINISHED)).hasSize(1);
		assertThat(this.probe.pending()).isEmpty();
	}

	@Test
	void aTestMethodMayTakeTheHandleAndTheProbeAsParameters(VirtualTime time, PactProbe probe) {
		assertThat(time).isSameAs(this.time);
		assertThat(probe).isSameAs(this.probe);
		this.service.delete("/c", Duration.ofSeconds(1));
		assertThat(probe.created("deletion")).hasSize(1);
		time.advance(Duration.ofSeconds(1));
		assertThat(List.copyOf(probe.ended("deletion", PactState.FINISHED))).hasSize(1);
	}

}
