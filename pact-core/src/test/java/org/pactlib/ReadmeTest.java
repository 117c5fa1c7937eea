package org.pactlib;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the Java snippets of README.md identical to the tagged regions of the code that runs them. A
 * README snippet is a {@code java} code block right after a {@code <!-- snippet: SOURCE#TAG -->} line,
 * where SOURCE is a test class of this package, or a path from the repository's root.
 */
class ReadmeTest {

	private static final Pattern README_SNIPPET = Pattern
		.compile("<!-- snippet: ([\\w./-]+)#([\\w-]+) -->\\s*\\n```java\\n(.*?)```", Pattern.DOTALL);

	private static final Pattern TAGGED_REGION = Pattern
		.compile("^[ \\t]*// tag::([\\w-]+)\\[\\]\\n(.*?)^[ \\t]*// end::\\1\\[\\]", Pattern.DOTALL | Pattern.MULTILINE);

	@Test
	void everyReadmeSnippetIsATaggedRegionOfARunningTest() throws IOException {
		Map<String, String> snippets = readmeSnippets();
		assertThat(snippets).as("snippets in README.md").isNotEmpty();
		for (Map.Entry<String, String> snippet : snippets.entrySet()) {
			String[] source = snippet.getKey().split("#");
			Map<String, String> regions = taggedRegions(source[0]);
			assertThat(regions).as("tagged regions of %s", source[0]).containsKey(source[1]);
			assertThat(snippet.getValue()).as("README snippet %s", snippet.getKey())
				.isEqualTo(regions.get(source[1]));
		}
	}

	@Test
	void everyUserGuideExampleIsInTheReadme() throws IOException {
		Map<String, String> snippets = readmeSnippets();
		for (String tag : taggedRegions("UserGuideTest").keySet()) {
			assertThat(snippets).as("README snippets").containsKey("UserGuideTest#" + tag);
		}
	}

	static Map<String, String> readmeSnippets() throws IOException {
		String readme = Files.readString(readmePath()).replace("\r\n", "\n");
		Map<String, String> snippets = new LinkedHashMap<>();
		Matcher matcher = README_SNIPPET.matcher(readme);
		while (matcher.find()) {
			snippets.put(matcher.group(1) + "#" + matcher.group(2), matcher.group(3));
		}
		return snippets;
	}

	static Map<String, String> taggedRegions(String source) throws IOException {
		Path path = source.contains("/") ? readmePath().resolveSibling(source)
				: Path.of("src/test/java/org/pactlib/" + source + ".java");
		String text = Files.readString(path).replace("\r\n", "\n");
		Map<String, String> regions = new LinkedHashMap<>();
		Matcher matcher = TAGGED_REGION.matcher(text);
		while (matcher.find()) {
			regions.put(matcher.group(1), dedent(matcher.group(2)));
		}
		return regions;
	}

	private static String dedent(String region) {
		List<String> lines = region.lines().collect(Collectors.toList());
		int indent = lines.stream()
			.filter((line) -> !line.isBlank())
			.mapToInt(ReadmeTest::leadingTabs)
			.min()
			.orElse(0);
		return lines.stream()
			.map((line) -> line.isBlank() ? "" : "    ".repeat(leadingTabs(line) - indent) + line.strip())
			.collect(Collectors.joining("\n", "", "\n"));
	}

	private static int leadingTabs(String line) {
		int tabs = 0;
		while (tabs < line.length() && line.charAt(tabs) == '\t') {
			tabs++;
		}
		return tabs;
	}

	private static Path readmePath() {
		String configured = System.getProperty("pact.readme");
		return (configured != null) ? Path.of(configured) : Path.of("../README.md");
	}

}
