package org.pactlib.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pactlib.test.PactProbe;
import org.pactlib.test.spring.AutoConfigurePacts;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input to the deletion API, over real HTTP: each gets a {@code 400} or {@code 404} with an
 * RFC 9457 problem detail that says what is wrong, starts no deletion, and deletes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@AutoConfigurePacts(virtualTime = true)
class DeletionProblemTests {

	@TempDir
	static Path root;

	@TempDir
	static Path elsewhere;

	@Autowired
	RestTestClient client;

	@Autowired
	PactProbe probe;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("sample.storage.root", () -> root.resolve("storage").toString());
		registry.add("sample.storage.max-batch", () -> "3");
	}

	@BeforeAll
	static void trees() throws IOException {
		for (String name : new String[] { "storage/keep/a", "outside/x" }) {
			Files.createDirectories(root.resolve(name));
		}
		Files.createSymbolicLink(root.resolve("storage/link"), root.resolve("outside"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			empty path          | {"path":""}                       | 400 | path must not be empty
			missing path        | {}                                | 400 | path must not be empty
			relative path       | {"path":"keep/a"}                 | 400 | path must be absolute: keep/a
			dot-dot path        | {"path":"ROOT/keep/../keep"}      | 400 | path must not contain . or ..
			dot-dot escape      | {"path":"ROOT/../outside/x"}      | 400 | path must not contain . or ..
			outside the root    | {"path":"OUTSIDE"}                | 400 | path must be inside
			the root itself     | {"path":"ROOT"}                   | 400 | path must be inside
			through a symlink   | {"path":"ROOT/link/x"}            | 400 | path leads outside
			no such path        | {"path":"ROOT/missing"}           | 404 | no such file or directory
			zero deadline       | {"path":"ROOT/keep","deadline":"PT0S"} | 400 | deadline must be positive
			malformed JSON      | {"path":                          | 400 | Failed to read request
			wrong type          | {"path":["a"]}                    | 400 | Failed to read request
			""")
	void badDeletionGetsAProblemDetail(String label, String body, int status, String detail) {
		post("/deletions", body, status, detail);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			empty batch         | {"paths":[]}                      | 400 | paths must not be empty
			no paths            | {}                                | 400 | paths must not be empty
			over the limit      | {"paths":FOUR}                    | 400 | a batch holds at most 3 paths, not 4
			relative member     | {"paths":["ROOT/keep","keep"]}    | 400 | path must be absolute: keep
			overlapping members | {"paths":["ROOT/keep","ROOT/keep/a"]} | 400 | paths overlap
			malformed JSON      | {"paths":["ROOT/keep"             | 400 | Failed to read request
			""")
	void badBatchGetsAProblemDetail(String label, String body, int status, String detail) {
		post("/deletions/batch", body, status, detail);
	}

	@Test
	void unknownIdGetsNotFound() {
		this.client.get().uri("/deletions/999999").exchange().expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(404)
			.jsonPath("$.detail").isEqualTo("no deletion with id 999999");
		this.client.delete().uri("/deletions/999999").exchange().expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.detail").isEqualTo("no deletion with id 999999");
	}

	private void post(String uri, String template, int status, String detail) {
		String four = IntStream.rangeClosed(1, 4).mapToObj((i) -> "\"ROOT/keep/" + i + "\"")
			.collect(Collectors.joining(",", "[", "]"));
		String body = template.replace("FOUR", four)
			.replace("ROOT", root.resolve("storage").toString())
			.replace("OUTSIDE", elsewhere.toString());
		this.client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isEqualTo(HttpStatus.valueOf(status))
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(status)
			.jsonPath("$.title").isEqualTo(HttpStatus.valueOf(status).getReasonPhrase())
			.jsonPath("$.instance").isEqualTo(uri)
			.jsonPath("$.detail").value(String.class, (text) -> assertThat(text).contains(detail));
		assertThat(this.probe.created()).as("pacts created for %s", body).isEmpty();
		assertThat(root.resolve("storage/keep/a")).isDirectory();
	}

}
