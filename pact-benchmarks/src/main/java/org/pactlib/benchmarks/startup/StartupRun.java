package org.pactlib.benchmarks.startup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.pactlib.benchmarks.ChildProtocol;
import org.pactlib.registry.PactRegistry;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A child JVM that starts {@link StartupApplication} once and reports how long
 * {@code SpringApplication.run} took, from this class's {@code main} to {@code run} returning (the
 * context refreshed and ready), with the starter's auto-configuration or without it (excluded by
 * {@code spring.autoconfigure.exclude}, so that its jar stays on the class path as in a real service
 * that switches it off).
 *
 * <p>Arguments: {@code starter} ({@code true} or {@code false}). Results: {@code startup_ms},
 * {@code jvm_uptime_ms} (from the JVM's start to {@code run} returning), {@code registries} (how many
 * {@link PactRegistry} beans the context has: 1 with the starter, 0 without), {@code beans}.
 */
public final class StartupRun {

	/**
	 * The starter's one auto-configuration, as listed in its {@code AutoConfiguration.imports}.
	 */
	static final String AUTO_CONFIGURATION = "org.pactlib.autoconfigure.PactAutoConfiguration";

	/**
	 * The JDBC auto-configuration, excluded in both runs: the benchmark jar holds JDBC drivers for the
	 * durable figure, and this context has no database.
	 */
	static final String NO_DATABASE = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

	private StartupRun() {
	}

	/**
	 * Runs the measurement.
	 * @param args {@code key=value} arguments, see the class comment
	 */
	public static void main(String[] args) {
		long start = System.nanoTime();
		Map<String, String> arguments = ChildProtocol.arguments(args);
		boolean starter = Boolean.parseBoolean(arguments.getOrDefault("starter", "true"));
		SpringApplication application = new SpringApplication(StartupApplication.class);
		application.setBannerMode(Banner.Mode.OFF);
		List<String> springArgs = new ArrayList<>(List.of("--spring.main.web-application-type=none",
				"--logging.level.root=warn"));
		springArgs.add("--spring.autoconfigure.exclude=" + NO_DATABASE + (starter ? "" : "," + AUTO_CONFIGURATION));
		ConfigurableApplicationContext context = application.run(springArgs.toArray(String[]::new));
		long startup = System.nanoTime() - start;
		long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
		ChildProtocol.emit("startup_ms", startup / 1e6);
		ChildProtocol.emit("jvm_uptime_ms", uptime);
		ChildProtocol.emit("registries", context.getBeanNamesForType(PactRegistry.class).length);
		ChildProtocol.emit("beans", context.getBeanDefinitionCount());
		context.close();
		System.exit(0);
	}

}
