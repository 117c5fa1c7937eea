package org.pactlib.sample;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample application as a user runs it ({@code java -jar}, its own process, a free port,
 * its storage root under {@code target/}), driven over HTTP with the JDK's client: deletions finish,
 * are cancelled, fail and run in batches as the REST API, the {@code pacts} endpoint, the log and the
 * disk tell; bad input gets problem details; the Prometheus scrape holds the pact meters and passes
 * {@code promtool}. Deleting an entry takes 20 ms, so each deletion lasts a second or a few.
 * Last, SIGTERM with a deletion pending stops it once {@code application.yml}'s grace period has passed,
 * and the deletion is logged as cancelled; {@link SampleApplicationShutdownIT} bounds the grace period
 * by the phase timeout.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleEndToEndIT {

	private static final Duration AT_MOST = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static Path root;

	private static SampleProcess sample;

	@BeforeAll
	static void startTheJar() throws IOException {
		root = SampleProcess.directoryUnderTarget("end-to-end-storage-");
		sample = SampleProcess.start("--sample.storage.root=" + root, "--sample.storage.delay-per-file=20ms",
				"--sample.storage.max-batch=3", "--pact.poll-interval=100ms");
	}

	@AfterAll
	static void stopTheJar() {
		if (sample != null) {
			sample.close();
		}
	}

	@Test
	void pageIsServedAtTheRoot() {
		HttpResponse<String> page = sample.get("/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<title>Pending pacts").contains("pacts.js");
		assertThat(sample.get("/pacts.js").body()).contains("actuator/pacts");
	}

	@Test
	void deletionAppearsInThePactsEndpointAndLeavesItWhenTheTreeIsGone() throws IOException {
		Path tree = Trees.create(root.resolve("finished"), 10, 10);
		String id = start(tree);
		JsonNode listed = json(sample.get("/actuator/pacts?name=storage.delete"), 200);
		assertThat(ids(listed)).contains(id);
		JsonNode pact = json(sample.get("/actuator/pacts/" + id), 200);
		assertThat(pact.path("description").asString()).isEqualTo("Deleting " + tree);
		assertThat(pact.path("state").asString()).isEqualTo("PENDING");
		assertThat(pact.path("deadline").isString()).as("the name's default deadline").isTrue();
		await().atMost(AT_MOST).until(() -> state(id).equals("FINISHED"));
		assertThat(tree).doesNotExist();
		assertThat(sample.get("/actuator/pacts/" + id).statusCode()).isEqualTo(404);
		assertThat(ids(json(sample.get("/actuator/pacts"), 200))).doesNotContain(id);
		await().atMost(AT_MOST).until(() -> sample.output().contains("Deleted " + tree));
	}

	@Test
	void cancelledDeletionEndsCancelledAndTheRestOfTheTreeStays() throws IOException {
		Path tree = Trees.create(root.resolve("cancelled"), 20, 20);
		long entries = Trees.entries(tree);
		String id = start(tree);
		await().atMost(AT_MOST).until(() -> Trees.entries(tree) < entries);
		HttpResponse<String> cancelled = sample.delete("/deletions/" + id);
		assertThat(json(cancelled, 200).path("state").asString()).isEqualTo("CANCELLED");
		long left = Trees.entries(tree);
		assertThat(left).isPositive();
		await().during(Duration.ofMillis(500)).atMost(AT_MOST)
			.until(() -> Trees.entries(tree) == left && state(id).equals("CANCELLED"));
		assertThat(sample.get("/actuator/pacts/" + id).statusCode()).isEqualTo(404);
		assertThat(json(sample.delete("/deletions/" + id), 200).path("state").asString()).isEqualTo("CANCELLED");
	}

	@Test
	void deletionThatReachesAnUnreadableFileFailsAndIsLogged() throws IOException {
		Path tree = Trees.create(root.resolve("broken"), 2, 3);
		Path unreadable = Files.writeString(tree.resolve("d2").resolve("UNREADABLE"), "?");
		String id = start(tree);
		await().atMost(AT_MOST).until(() -> state(id).equals("FAILED"));
		JsonNode failed = json(sample.get("/deletions/" + id), 200);
		assertThat(failed.path("failure").asString()).contains("UNREADABLE").contains("unreadable file");
		assertThat(unreadable).exists();
		await().atMost(AT_MOST).until(() -> sample.output()
			.contains("Pact " + id + " (storage.delete) failed: <Pact: Deleting " + tree + ">"));
		assertThat(sample.output()).contains("java.nio.file.AccessDeniedException: " + unreadable);
	}

	@Test
	void batchFinishesAsAGroupOnceEveryTreeIsGone() throws IOException {
		Path small = Trees.create(root.resolve("batch-small"), 1, 1);
		Path medium = Trees.create(root.resolve("batch-medium"), 5, 5);
		Path large = Trees.create(root.resolve("batch-large"), 10, 10);
		HttpResponse<String> response = sample.post("/deletions/batch",
				"{\"paths\":[\"" + small + "\",\"" + medium + "\",\"" + large + "\"]}");
		JsonNode batch = json(response, 202);
		String id = batch.path("id").asString();
		assertThat(batch.path("kind").asString()).isEqualTo("batch");
		assertThat(response.headers().firstValue("Location")).hasValue("/deletions/" + id);
		JsonNode group = json(sample.get("/actuator/pacts/" + id), 200);
		assertThat(group.path("type").asString()).isEqualTo("group");
		assertThat(group.path("name").asString()).isEqualTo("storage.batch");
		assertThat(group.path("conditions").asInt()).isEqualTo(3);
		await().atMost(AT_MOST).until(() -> Files.notExists(small));
		assertThat(state(id)).as("the batch while its large tree is still there").isEqualTo("PENDING");
		await().atMost(AT_MOST).until(() -> state(id).equals("FINISHED"));
		assertThat(small).doesNotExist();
		assertThat(medium).doesNotExist();
		assertThat(large).doesNotExist();
		assertThat(sample.get("/actuator/pacts/" + id).statusCode()).isEqualTo(404);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			empty path          | /deletions       | {"path":""}                   | 400 | path must not be empty
			relative path       | /deletions       | {"path":"demo/small"}         | 400 | path must be absolute: demo/small
			dot-dot path        | /deletions       | {"path":"ROOT/../etc"}        | 400 | path must not contain . or ..
			outside the root    | /deletions       | {"path":"/etc"}               | 400 | path must be inside ROOT: /etc
			missing path        | /deletions       | {"path":"ROOT/missing"}       | 404 | no such file or directory: ROOT/missing
			malformed JSON      | /deletions       | {"path":                      | 400 | Failed to read request
			batch over limit    | /deletions/batch | {"paths":["ROOT/1","ROOT/2","ROOT/3","ROOT/4"]} | 400 | a batch holds at most 3 paths, not 4
			malformed batch     | /deletions/batch | {"paths":[                    | 400 | Failed to read request
			""")
	void badInputGetsAProblemDetail(String label, String uri, String body, int status, String detail) {
		HttpResponse<String> response = sample.post(uri, body.replace("ROOT", root.toString()));
		assertProblem(response, status, uri, detail.replace("ROOT", root.toString()));
	}

	@Test
	void unknownIdGetsNotFoundWithAProblemDetail() {
		assertProblem(sample.get("/deletions/424242"), 404, "/deletions/424242", "no deletion with id 424242");
		assertProblem(sample.delete("/deletions/424242"), 404, "/deletions/424242", "no deletion with id 424242");
		assertThat(sample.get("/actuator/pacts/424242").statusCode()).isEqualTo(404);
	}

	@Test
	void prometheusScrapeHoldsThePactMetersAndPassesPromtool() throws Exception {
		Path tree = Trees.create(root.resolve("scraped"), 1, 2);
		String id = start(tree);
		await().atMost(AT_MOST).until(() -> state(id).equals("FINISHED"));
		HttpResponse<String> response = sample.get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		String scrape = response.body();
		assertThat(scrape)
			.containsPattern("pact_seconds_count\\{[^}]*name=\"storage.delete\"[^}]*outcome=\"finished\"")
			.contains("pact_seconds_bucket{")
			.contains("pact_active_seconds_count{")
			.contains("# HELP pact_registered ")
			.contains("pact_registered ")
			.contains("pact_overdue ")
			.doesNotContain(tree.toString());
		Promtool.assertAccepts(scrape);
	}

	private static void assertProblem(HttpResponse<String> response, int status, String instance, String detail) {
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = json(response, status);
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("instance").asString()).isEqualTo(instance);
		assertThat(problem.path("title").asString()).isNotBlank();
		assertThat(problem.path("detail").asString()).contains(detail);
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void sigtermWithADeletionPendingStopsWithinTheGracePeriodAndLogsTheCancel() throws Exception {
		Path tree = Trees.create(root.resolve("at-shutdown"), 20, 20);
		String id = start(tree);
		Duration shutdown = sample.terminate(Duration.ofSeconds(15));
		String log = sample.output();
		assertThat(log).containsPattern("Waiting up to 5s for \\d+ pending pacts?\\n")
			.contains("Cancelling pact " + id + " (storage.delete) at shutdown: <Pact: Deleting " + tree + ">");
		assertThat(shutdown).as("the grace period of application.yml (5s), within the phase timeout (10s)")
			.isGreaterThanOrEqualTo(Duration.ofSeconds(5))
			.isLessThan(Duration.ofSeconds(10));
		assertThat(Trees.entries(tree)).as("what was not deleted").isPositive();
	}

	private static String start(Path tree) {
		HttpResponse<String> response = sample.post("/deletions", "{\"path\":\"" + tree + "\"}");
		JsonNode deletion = json(response, 202);
		String id = deletion.path("id").asString();
		assertThat(response.headers().firstValue("Location")).hasValue("/deletions/" + id);
		assertThat(deletion.path("kind").asString()).isEqualTo("plain");
		return id;
	}

	private static String state(String id) {
		return json(sample.get("/deletions/" + id), 200).path("state").asString();
	}

	private static List<String> ids(JsonNode listing) {
		return listing.path("pacts").valueStream().map((pact) -> pact.path("id").asString()).toList();
	}

	private static JsonNode json(HttpResponse<String> response, int status) {
		return JSON.readTree(SampleProcess.bodyOf(response, status));
	}

}
