package org.pactlib.benchmarks.startup;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The smallest non-web Spring Boot application: what the starter adds to a context's startup is the
 * difference between starting it with and without the pact auto-configuration.
 */
@SpringBootApplication
public class StartupApplication {

}
