package org.pactlib.test.spring;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.pactlib.Pact;
import org.pactlib.PactClock;
import org.pactlib.VirtualClock;
import org.pactlib.test.PactProbe;
import org.pactlib.test.VirtualTime;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pactlib.test.PactAssertions.assertThat;

/**
 * {@code @AutoConfigurePacts} without virtual time: the application keeps its clock and background
 * polling, and the probe still lists what each test started.
 */
@SpringBootTest(classes = PactTestApplication.class)
@AutoConfigurePacts
class AutoConfigurePactsRealTimeTests {

	@Autowired
	DeletionService service;

	@Autowired
	PactClock clock;

	@Autowired
	PactProbe probe;

	@Autowired
	ApplicationContext context;

	@Test
	void theApplicationKeepsItsClockAndPollsInTheBackground() {
		assertThat(this.clock).isNotInstanceOf(VirtualClock.class);
		assertThat(this.context.getBeanNamesForType(VirtualTime.class)).isEmpty();
		Pact pact = this.service.delete("/a", Duration.ZERO);
		pact.await(Duration.ofSeconds(10));
		assertThat(pact).isFinished();
		assertThat(this.service.pollingThreads("/a")).isNotEmpty().doesNotContain(Thread.currentThread());
		assertThat(this.probe.single("deletion")).isSameAs(pact);
	}

}
