package org.pactlib.autoconfigure.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pactlib.Pact;
import org.pactlib.PactState;
import org.pactlib.autoconfigure.actuate.EndpointClient.Response;
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
 * {@code /actuator/pacts} over real HTTP on a random port: the list and its filters, one pact, cancelling
 * one, 404s for unknown ids and 400s for bad parameters; and the {@code pacts} health contributor.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"management.endpoints.web.exposure.include=pacts,health", "management.endpoint.health.show-details=always",
		"pact.poll-interval=50ms", "pact.poller.tick=10ms",
		"management.endpoint.pacts.default-limit=5" })
class PactsEndpointHttpTests {

	private static final Duration AT_MOST = Duration.ofSeconds(20);

	@LocalServerPort
	private int port;

	@Autowired
	private PactFactory factory;

	@Autowired
	private PactRegistry registry;

	private EndpointClient http;

	private final AtomicBoolean never = new AtomicBoolean();

	@BeforeEach
	void client() {
		this.http = new EndpointClient(this.port);
	}

	@AfterEach
	void cancelLeftovers() {
		EndpointClient.cancelAll(this.registry);
	}

	private Pact pending(String description, String name) {
		return this.factory.builder(description).name(name).until(this.never::get).create();
	}

	@Test
	void listsPendingPactsNewestFirstWithTheirDetails() {
		Pact older = this.factory.builder("Deleting /a").name("storage.delete").timeout(Duration.ofMinutes(5))
			.until(this.never::get)
			.create();
		Pact newer = pending("Exporting report 7", "report.export");
		await().atMost(AT_MOST).until(() -> older.getPollCount() > 0 && newer.getPollCount() > 0);

		Response response = this.http.get("/actuator/pacts");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body().path("total").asInt()).isEqualTo(2);
		assertThat(response.body().path("matched").asInt()).isEqualTo(2);
		assertThat(response.body().path("limit").asInt()).as("the configured default limit").isEqualTo(5);
		assertThat(EndpointClient.descriptions(response)).containsExactly("Exporting report 7", "Deleting /a");
		JsonNode pact = response.body().path("pacts").get(1);
		assertThat(pact.path("id").asString()).isEqualTo(idOf("Deleting /a"));
		assertThat(pact.path("name").asString()).isEqualTo("storage.delete");
		assertThat(pact.path("type").asString()).isEqualTo("pact");
		assertThat(pact.path("state").asString()).isEqualTo("PENDING");
		assertThat(Instant.parse(pact.path("createdAt").asString())).isEqualTo(older.getCreatedAt());
		assertThat(Instant.parse(pact.path("deadline").asString())).isEqualTo(older.getDeadline());
		assertThat(Duration.parse(pact.path("timeLeft").asString())).isPositive()
			.isLessThanOrEqualTo(Duration.ofMinutes(5));
		assertThat(Duration.parse(pact.path("age").asString())).isGreaterThanOrEqualTo(Duration.ZERO);
		assertThat(pact.path("overdue").asBoolean()).isFalse();
		assertThat(pact.path("conditionsHeld").asInt()).isZero();
		assertThat(pact.path("conditions").asInt()).isOne();
		assertThat(pact.path("polls").asLong()).isPositive();
		assertThat(Instant.parse(pact.path("lastPolledAt").asString())).isAfterOrEqualTo(older.getCreatedAt());
		assertThat(Instant.parse(pact.path("nextPollAt").asString())).isAfterOrEqualTo(older.getCreatedAt());
		assertThat(EndpointClient.fields(pact)).as("absent values are left out")
			.doesNotContain("overdueSince", "failure", "members", "lastIgnoredException");
		assertThat(EndpointClient.fields(response.body().path("pacts").get(0))).as("no deadline")
			.doesNotContain("deadline", "timeLeft");
	}

	@Test
	void limitCutsTheListAndTheAnswerSaysHowManyMatched() {
		for (int i = 0; i < 8; i++) {
			pending("Deleting /" + i, "storage.delete");
		}
		Response defaulted = this.http.get("/actuator/pacts");
		assertThat(defaulted.body().path("matched").asInt()).isEqualTo(8);
		assertThat(EndpointClient.descriptions(defaulted)).hasSize(5).first().isEqualTo("Deleting /7");

		Response limited = this.http.get("/actuator/pacts?limit=2");
		assertThat(limited.body().path("matched").asInt()).isEqualTo(8);
		assertThat(limited.body().path("limit").asInt()).isEqualTo(2);
		assertThat(EndpointClient.descriptions(limited)).containsExactly("Deleting /7", "Deleting /6");

		Response counted = this.http.get("/actuator/pacts?limit=0");
		assertThat(counted.body().path("matched").asInt()).isEqualTo(8);
		assertThat(EndpointClient.descriptions(counted)).isEmpty();
	}

	@Test
	void filtersByName() {
		pending("Deleting /a", "storage.delete");
		pending("Exporting", "report.export");
		pending("Deleting /b", "storage.delete");
		Response response = this.http.get("/actuator/pacts?name=storage.delete");
		assertThat(response.body().path("total").asInt()).isEqualTo(3);
		assertThat(response.body().path("matched").asInt()).isEqualTo(2);
		assertThat(EndpointClient.descriptions(response)).containsExactly("Deleting /b", "Deleting /a");
		assertThat(EndpointClient.descriptions(this.http.get("/actuator/pacts?name=unknown"))).isEmpty();
	}

	@Test
	void filtersByStateInAnyCase() {
		pending("Deleting /a", "storage.delete");
		assertThat(EndpointClient.descriptions(this.http.get("/actuator/pacts?state=pending")))
			.containsExactly("Deleting /a");
		assertThat(EndpointClient.descriptions(this.http.get("/actuator/pacts?state=PENDING")))
			.containsExactly("Deleting /a");
		Response finished = this.http.get("/actuator/pacts?state=finished");
		assertThat(finished.status()).isEqualTo(200);
		assertThat(finished.body().path("matched").asInt()).isZero();
	}

	@Test
	void filtersOverduePacts() {
		Pact late = this.factory.builder("Late").name("storage.delete").timeout(Duration.ofMillis(1))
			.until(this.never::get)
			.create();
		pending("On time", "storage.delete");
		await().atMost(AT_MOST).until(() -> this.registry.find(idOf("Late")).orElseThrow().overdue());

		Response overdue = this.http.get("/actuator/pacts?overdue=true");
		assertThat(EndpointClient.descriptions(overdue)).containsExactly("Late");
		JsonNode pact = overdue.body().path("pacts").get(0);
		assertThat(pact.path("overdue").asBoolean()).isTrue();
		assertThat(Instant.parse(pact.path("overdueSince").asString())).isAfterOrEqualTo(late.getDeadline());
		assertThat(Duration.parse(pact.path("timeLeft").asString())).isNegative();
		assertThat(EndpointClient.descriptions(this.http.get("/actuator/pacts?overdue=false")))
			.containsExactly("On time");
		assertThat(EndpointClient.descriptions(this.http.get("/actuator/pacts?overdue=true&name=other"))).isEmpty();
	}

	@Test
	void badParametersAreAnswered400NamingTheParameterAndWhatItAccepts() {
		assertBadRequest("/actuator/pacts?state=done", "'state'", "pending, finished, failed, cancelled");
		assertBadRequest("/actuator/pacts?limit=-1", "'limit'", "from 0 to 1000");
		assertBadRequest("/actuator/pacts?limit=1001", "'limit'", "from 0 to 1000");
		assertBadRequest("/actuator/pacts?limit=ten", "'limit'", "a whole number");
		assertBadRequest("/actuator/pacts?overdue=maybe", "'overdue'", "true or false");
	}

	private void assertBadRequest(String path, String parameter, String allowed) {
		Response response = this.http.get(path);
		assertThat(response.status()).as(path).isEqualTo(400);
		assertThat(response.body().path("status").asInt()).isEqualTo(400);
		assertThat(response.body().path("message").asString()).contains(parameter).contains(allowed);
	}

	@Test
	void showsOnePactAnd404ForAnUnknownId() {
		pending("Deleting /a", "storage.delete");
		String id = idOf("Deleting /a");
		Response one = this.http.get("/actuator/pacts/" + id);
		assertThat(one.status()).isEqualTo(200);
		assertThat(one.body().path("id").asString()).isEqualTo(id);
		assertThat(one.body().path("description").asString()).isEqualTo("Deleting /a");
		assertThat(this.http.get("/actuator/pacts/999999").status()).isEqualTo(404);
		assertThat(this.http.get("/actuator/pacts/not-an-id").status()).isEqualTo(404);
	}

	@Test
	void deleteCancelsThePactAndAnswers404Afterwards() {
		Pact pact = pending("Deleting /a", "storage.delete");
		String id = idOf("Deleting /a");
		Response cancelled = this.http.delete("/actuator/pacts/" + id);
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.body().path("id").asString()).isEqualTo(id);
		assertThat(cancelled.body().path("cancelled").asBoolean()).isTrue();
		assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
		assertThat(this.http.get("/actuator/pacts/" + id).status()).isEqualTo(404);
		assertThat(this.http.delete("/actuator/pacts/" + id).status()).isEqualTo(404);
		assertThat(this.http.delete("/actuator/pacts/999999").status()).isEqualTo(404);
	}

	@Test
	void aGroupListsItsMembers() {
		AtomicBoolean firstDone = new AtomicBoolean();
		Pact first = Pact.builder("Copying /a").build().until(firstDone::get);
		Pact second = Pact.builder("Copying /b").build().until(this.never::get);
		this.factory.group("storage.copy", List.of(first, second));
		firstDone.set(true);
		await().atMost(AT_MOST).until(first::isFinished);

		JsonNode group = this.http.get("/actuator/pacts?name=storage.copy").body().path("pacts").get(0);
		assertThat(group.path("type").asString()).isEqualTo("group");
		assertThat(group.path("conditions").asInt()).isEqualTo(2);
		assertThat(group.path("conditionsHeld").asInt()).isOne();
		assertThat(group.path("members").valueStream()
			.map((member) -> member.path("description").asString() + " " + member.path("state").asString()))
			.containsExactlyInAnyOrder("Copying /a FINISHED", "Copying /b PENDING");
		assertThat(group.path("members").valueStream().mapToLong((member) -> member.path("polls").asLong()))
			.allMatch((polls) -> polls > 0);
	}

	@Test
	void showsTheLastIgnoredExceptionByTypeAndMessage() {
		this.factory.builder("Reading").ignoreExceptions(IllegalStateException.class).until(() -> {
			throw new IllegalStateException("not ready at /data/7");
		}).create();
		String id = idOf("Reading");
		await().atMost(AT_MOST).until(() -> this.registry.find(id).orElseThrow().lastIgnoredExceptionType() != null);
		JsonNode ignored = this.http.get("/actuator/pacts/" + id).body().path("lastIgnoredException");
		assertThat(ignored.path("type").asString()).isEqualTo("java.lang.IllegalStateException");
		assertThat(ignored.path("message").asString()).isEqualTo("not ready at /data/7");
	}

	@Test
	void healthShowsThePactsContributor() {
		pending("Deleting /a", "storage.delete");
		JsonNode pacts = this.http.get("/actuator/health").body().path("components").path("pacts");
		assertThat(pacts.path("status").asString()).isEqualTo("UP");
		assertThat(pacts.path("details").path("total").asInt()).isOne();
		assertThat(pacts.path("details").path("states").path("pending").asInt()).isOne();
		assertThat(pacts.path("details").path("overdue").asInt()).isZero();
	}

	private String idOf(String description) {
		return this.registry.snapshot().stream()
			.filter((snapshot) -> snapshot.description().equals(description))
			.findFirst()
			.orElseThrow()
			.id();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
