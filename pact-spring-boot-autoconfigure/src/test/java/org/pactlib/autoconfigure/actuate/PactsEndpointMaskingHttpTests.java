package org.pactlib.autoconfigure.actuate;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code management.endpoint.pacts.show-values} over real HTTP: {@code never} masks descriptions and
 * exception messages in the list and in one pact, and {@code when-authorized} masks them for an
 * anonymous request; exception types, ids and names stay visible.
 */
class PactsEndpointMaskingHttpTests {

	abstract static class MaskedTests {

		@LocalServerPort
		private int port;

		@Autowired
		private PactFactory factory;

		@Autowired
		private PactRegistry registry;

		@AfterEach
		void cancelLeftovers() {
			EndpointClient.cancelAll(this.registry);
		}

		@Test
		void descriptionsAndMessagesAreMaskedButTypesAndNamesAreNot() {
			this.factory.builder("Deleting /secret/42").name("storage.delete")
				.ignoreExceptions(IllegalStateException.class)
				.until(() -> {
					throw new IllegalStateException("no access to /secret/42");
				})
				.create();
			String id = this.registry.snapshot().get(0).id();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.registry.find(id).orElseThrow().lastIgnoredExceptionType() != null);
			EndpointClient http = new EndpointClient(this.port);

			JsonNode listed = http.get("/actuator/pacts").body().path("pacts").get(0);
			JsonNode one = http.get("/actuator/pacts/" + id).body();
			for (JsonNode pact : new JsonNode[] { listed, one }) {
				assertThat(pact.path("description").asString()).isEqualTo("******");
				assertThat(pact.path("lastIgnoredException").path("type").asString())
					.isEqualTo("java.lang.IllegalStateException");
				assertThat(pact.path("lastIgnoredException").path("message").asString()).isEqualTo("******");
				assertThat(pact.path("name").asString()).isEqualTo("storage.delete");
				assertThat(pact.path("id").asString()).isEqualTo(id);
				assertThat(pact.toString()).doesNotContain("secret");
			}
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = App.class, properties = {
			"management.endpoints.web.exposure.include=pacts", "management.endpoint.pacts.show-values=never",
			"pact.poll-interval=50ms" })
	class Never extends MaskedTests {

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = App.class, properties = {
			"management.endpoints.web.exposure.include=pacts",
			"management.endpoint.pacts.show-values=when-authorized", "pact.poll-interval=50ms" })
	class WhenAuthorizedAndAnonymous extends MaskedTests {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
