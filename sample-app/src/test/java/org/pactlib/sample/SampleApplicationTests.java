package org.pactlib.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.pactlib.PactState;
import org.pactlib.VirtualClock;
import org.pactlib.registry.PactRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class SampleApplicationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	VirtualClock clock;

	@Autowired
	PactRegistry registry;

	@Test
	void exportIsTrackedUntilItsReportIsReady() {
		this.client.post().uri("/exports?report=q3").exchange().expectStatus().isAccepted();
		assertThat(this.registry.snapshot()).singleElement()
			.satisfies((pact) -> assertThat(pact.description()).isEqualTo("Exporting q3"));
		this.clock.advance(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> this.client.get().uri("/exports/ready").exchange().expectBody(String.class)
				.isEqualTo("[\"q3\"]"));
		assertThat(this.registry.size()).isZero();
	}

	@Test
	void brokenExportFailsWithoutWaitingForItsDeadline() {
		this.client.post().uri("/exports?report=broken-q4").exchange().expectStatus().isAccepted();
		String id = this.registry.snapshot().get(0).id();
		this.clock.advance(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.find(id).isEmpty());
		this.client.get().uri("/exports/ready").exchange().expectBody(String.class).isEqualTo("[]");
	}

	@Test
	void purgeReturnsAPactAtOnceAndEndsInTheBackground() {
		this.client.post().uri("/purges?directory=/tmp/old").exchange().expectStatus().isAccepted()
			.expectBody()
			.jsonPath("$.description")
			.value(String.class,
					(description) -> assertThat(description).isIn("ExportService.purge(/tmp/old)", "Purging /tmp/old"))
			.jsonPath("$.state").isEqualTo(PactState.PENDING.name());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.registry.snapshot().size() == 1 && this.registry.snapshot().get(0).polls() > 1);
		assertThat(this.registry.snapshot().get(0).description()).isEqualTo("Purging /tmp/old");
		this.clock.advance(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.size() == 0);
	}

	@TestConfiguration
	static class VirtualTime {

		@Bean
		VirtualClock pactClock() {
			return new VirtualClock();
		}

	}

}
