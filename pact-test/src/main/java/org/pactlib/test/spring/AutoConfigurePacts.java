package org.pactlib.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * Sets up pacts for a {@code @SpringBootTest}: a {@link org.pactlib.test.PactProbe} bean that records
 * the pacts the application registers (cleared before each test), and, with
 * {@link #virtualTime() virtualTime = true}, a {@link org.pactlib.VirtualClock} as the application's
 * {@code PactClock} (unless the test declares a clock of its own), a registry that starts no thread
 * and polls only when the test moves time, and a {@link org.pactlib.test.VirtualTime} bean to move it:
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigurePacts(virtualTime = true)
 * class ExportServiceTests {
 *
 *     @Autowired VirtualTime time;
 *
 *     @Test
 *     void exportEnds() {
 *         Pact pact = service.export("q3");
 *         time.advance(Duration.ofMinutes(10)); // every poll and callback of those minutes ran
 *         assertThat(pact).isFinished();
 *     }
 * }
 * }</pre>
 * {@code VirtualTime} and {@code PactProbe} may also be test method parameters.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PactTestExtension.class)
@ImportAutoConfiguration(PactTestAutoConfiguration.class)
@PropertyMapping("pact.test")
public @interface AutoConfigurePacts {

	/**
	 * Whether pacts run on virtual time, driven by the test through the
	 * {@link org.pactlib.test.VirtualTime} bean, with no background polling at all.
	 * @return {@code true} for virtual time; {@code false} (the default) keeps the application's clock
	 * and background polling
	 */
	boolean virtualTime() default false;

}
