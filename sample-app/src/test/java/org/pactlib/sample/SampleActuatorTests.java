package org.pactlib.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pactlib.Pact;
import org.pactlib.autoconfigure.PactProperties;
import org.pactlib.registry.PactFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's {@code application.yml} as a user copies it: the actuator exposes exactly
 * {@code health}, {@code pacts}, {@code metrics} and {@code prometheus}; {@code /actuator/metrics}
 * answers with the pact meters; shutdown is graceful and the pacts' grace period fits in a shutdown
 * phase.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@AutoConfigureMetrics
class SampleActuatorTests {

	@TempDir
	static Path storageRoot;

	@Autowired
	RestTestClient client;

	@Autowired
	PactFactory factory;

	@Autowired
	ServerProperties server;

	@Autowired
	LifecycleProperties lifecycle;

	@Autowired
	PactProperties pacts;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("sample.storage.root", () -> storageRoot.toString());
	}

	@Test
	void exactlyHealthPactsMetricsAndPrometheusAreExposed() {
		JsonNode links = json("/actuator").path("_links");
		Set<String> endpoints = new TreeSet<>();
		links.properties().forEach((link) -> endpoints.add(link.getKey().replaceFirst("-.*", "")));
		assertThat(endpoints).containsExactly("health", "metrics", "pacts", "prometheus", "self");
		for (String hidden : new String[] { "env", "beans", "configprops", "loggers", "threaddump", "shutdown" }) {
			this.client.get().uri("/actuator/" + hidden).exchange().expectStatus().isNotFound();
		}
		this.client.get().uri("/actuator/health").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.components.pacts.status").isEqualTo("UP");
		this.client.get().uri("/actuator/pacts").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.total").isNumber();
		this.client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
	}

	@Test
	void metricsEndpointAnswersWithThePactMeters() {
		Pact pending = this.factory.builder("Waiting for the metrics test").name("storage.delete")
			.until(() -> false)
			.create();
		try {
			assertThat(names()).contains("pact.registered", "pact.overdue", "pact.active");
			this.client.get().uri("/actuator/metrics/pact.registered").exchange().expectStatus().isOk()
				.expectBody().jsonPath("$.measurements[0].statistic").isEqualTo("VALUE")
				.jsonPath("$.measurements[0].value").value(Double.class, (value) -> assertThat(value).isEqualTo(1.0));
			this.client.get().uri("/actuator/metrics/pact.active?tag=name:storage.delete").exchange()
				.expectStatus().isOk()
				.expectBody().jsonPath("$.measurements[?(@.statistic == 'ACTIVE_TASKS')].value").isEqualTo(1.0);
		}
		finally {
			pending.cancel();
		}
		assertThat(names()).contains("pact");
		this.client.get().uri("/actuator/metrics/pact?tag=name:storage.delete&tag=outcome:cancelled").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.measurements[?(@.statistic == 'COUNT')].value").isEqualTo(1.0);
		this.client.get().uri("/actuator/metrics/no.such.meter").exchange().expectStatus().isNotFound();
	}

	@Test
	void shutdownIsGracefulAndThePactGracePeriodFitsInAPhase() {
		assertThat(this.server.getShutdown()).isEqualTo(Shutdown.GRACEFUL);
		assertThat(this.lifecycle.getTimeoutPerShutdownPhase()).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.pacts.getShutdown().getGracePeriod()).isPositive()
			.isLessThan(this.lifecycle.getTimeoutPerShutdownPhase());
	}

	private Set<String> names() {
		Set<String> names = new TreeSet<>();
		json("/actuator/metrics").path("names").forEach((name) -> names.add(name.asString()));
		return names;
	}

	private JsonNode json(String uri) {
		String body = this.client.get().uri(uri).exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		return JsonMapper.builder().build().readTree(body);
	}

}
