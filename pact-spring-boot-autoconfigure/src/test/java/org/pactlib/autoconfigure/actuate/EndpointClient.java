package org.pactlib.autoconfigure.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.pactlib.registry.PactRegistry;
import org.pactlib.registry.PactSnapshot;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP requests to the actuator of an application on a random port, anonymous or with HTTP Basic
 * credentials, and their JSON answers.
 */
final class EndpointClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final int port;

	private final @Nullable String authorization;

	EndpointClient(int port) {
		this(port, null);
	}

	private EndpointClient(int port, @Nullable String authorization) {
		this.port = port;
		this.authorization = authorization;
	}

	/** A client that sends these credentials with HTTP Basic on every request. */
	EndpointClient withBasicAuth(String username, String password) {
		String token = Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
		return new EndpointClient(this.port, "Basic " + token);
	}

	Response get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	Response delete(String path) {
		return send(HttpRequest.newBuilder(uri(path)).DELETE());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private Response send(HttpRequest.Builder request) {
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		try {
			HttpResponse<String> response = this.client.send(request.timeout(Duration.ofSeconds(20)).build(),
					HttpResponse.BodyHandlers.ofString());
			String body = response.body();
			boolean isJson = response.headers().firstValue("Content-Type").orElse("").contains("json");
			JsonNode node = (body == null || body.isBlank() || !isJson) ? json.createObjectNode().path("none")
					: json.readTree(body);
			return new Response(response.statusCode(), node, body,
					response.headers().firstValue("WWW-Authenticate"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Cancels whatever a test left pending, so that the next one starts with an empty registry.
	 */
	static void cancelAll(PactRegistry registry) {
		List<PactSnapshot> left = registry.snapshot();
		for (PactSnapshot snapshot : left) {
			registry.cancel(snapshot.id());
		}
	}

	/** The descriptions listed, in order. */
	static List<String> descriptions(Response response) {
		return response.body().path("pacts").valueStream().map((pact) -> pact.path("description").asString())
			.toList();
	}

	/** The field names of a JSON object. */
	static Set<String> fields(JsonNode node) {
		return Set.copyOf(node.propertyNames());
	}

	record Response(int status, JsonNode body, String text, Optional<String> authenticate) {

	}

}
