package org.pactlib.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * A small service that starts slow operations (directory deletions under {@code sample.storage.root},
 * report exports, purges) and tracks them with pacts.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableAsync
public class SampleApplication {

	/**
	 * Starts the service.
	 * @param args the command line
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
