package org.pactlib.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pactlib.Pact;
import org.pactlib.VirtualClock;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's Prometheus scrape after pacts of each outcome (finished, failed, cancelled, overdue):
 * it carries the pact meters, {@code promtool check metrics} accepts it, and every query of the
 * Grafana dashboard {@code docs/grafana/pacts.json} names series and labels that it contains.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@AutoConfigureMetrics
class SampleObservabilityTests {

	private static final Duration AT_MOST = Duration.ofSeconds(20);

	private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "pacts.json");

	private static final Pattern SERIES = Pattern.compile("\\b(pact_[a-z0-9_]+)\\b");

	private static final Pattern GROUPING = Pattern.compile("by \\(([a-z_, ]+)\\)");

	@Autowired
	RestTestClient client;

	@Autowired
	VirtualClock clock;

	@Autowired
	PactRegistry registry;

	@Autowired
	PactFactory factory;

	private String scrape;

	@TempDir
	static Path storageRoot;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("sample.storage.root", () -> storageRoot.toString());
	}

	@BeforeEach
	void endPactsOfEachOutcomeAndScrape() {
		this.client.post().uri("/exports?report=q3").exchange().expectStatus().isAccepted();
		this.client.post().uri("/exports?report=broken-q4").exchange().expectStatus().isAccepted();
		Pact late = this.factory.builder("Waiting for the archive").name("report.export")
			.timeout(Duration.ofSeconds(1))
			.until(() -> false)
			.create();
		this.clock.advance(Duration.ofSeconds(10));
		await().atMost(AT_MOST).until(() -> this.registry.size() == 1 && this.registry.summary().overdue() == 1);
		late.cancel();
		this.scrape = scrape();
	}

	private String scrape() {
		return this.client.get().uri("/actuator/prometheus").accept(MediaType.TEXT_PLAIN).exchange()
			.expectStatus().isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void scrapeCarriesThePactMetersWithTheirTags() {
		assertThat(this.scrape).contains("pact_seconds_count{")
			.containsPattern("pact_seconds_count\\{[^}]*name=\"report.export\"[^}]*outcome=\"finished\"[^}]*overdue=\"false\"")
			.containsPattern("pact_seconds_count\\{[^}]*outcome=\"failed\"")
			.containsPattern("pact_seconds_count\\{[^}]*outcome=\"cancelled\"[^}]*overdue=\"true\"")
			.contains("pact_seconds_bucket{")
			.contains("pact_active_seconds_count{")
			.contains("# HELP pact_seconds Pacts that ended")
			.containsPattern("pact_timeout_total\\{[^}]*name=\"report.export\"")
			.contains("pact_overdue ")
			.contains("pact_registered ")
			.doesNotContain("pact_id").doesNotContain("pact.description").doesNotContain("Exporting q3");
	}

	@Test
	void promtoolAcceptsTheScrape() throws IOException, InterruptedException {
		Promtool.assertAccepts(this.scrape);
	}

	@Test
	void everyDashboardQueryNamesSeriesAndLabelsOfTheScrape() throws IOException {
		Set<String> series = new TreeSet<>();
		Matcher names = Pattern.compile("(?m)^(pact_[a-z0-9_]+)[{ ]").matcher(this.scrape);
		while (names.find()) {
			series.add(names.group(1));
		}
		List<String> queries = new ArrayList<>();
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		dashboard.path("panels").forEach((panel) -> panel.path("targets")
			.forEach((target) -> queries.add(target.path("expr").asString())));
		dashboard.path("templating").path("list").forEach((variable) -> {
			if (variable.path("query").asString().startsWith("label_values(")) {
				queries.add(variable.path("query").asString());
			}
		});
		assertThat(queries).hasSizeGreaterThanOrEqualTo(8);
		for (String query : queries) {
			Matcher used = SERIES.matcher(query);
			List<String> named = new ArrayList<>();
			while (used.find()) {
				named.add(used.group(1));
			}
			assertThat(named).as("series named by %s", query).isNotEmpty();
			assertThat(series).as("series of the scrape, for %s", query).containsAll(named);
			Matcher grouping = GROUPING.matcher(query);
			while (grouping.find()) {
				for (String label : grouping.group(1).split(",\\s*")) {
					for (String name : named) {
						assertThat(this.scrape).as("label %s of %s in %s", label, name, query)
							.containsPattern("(?m)^" + name + "\\{[^}]*\\b" + label + "=");
					}
				}
			}
		}
	}

	@TestConfiguration
	static class VirtualTime {

		@Bean
		VirtualClock pactClock() {
			return new VirtualClock();
		}

	}

}
