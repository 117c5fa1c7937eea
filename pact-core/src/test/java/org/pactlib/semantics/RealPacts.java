package org.pactlib.semantics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

import org.pactlib.Pact;
import org.pactlib.PactBase;
import org.pactlib.PactFailedException;
import org.pactlib.PactGroup;
import org.pactlib.TimeoutExpiredException;
import org.pactlib.VirtualClock;

/**
 * The real pacts and groups, on one {@link VirtualClock}, driven on the test's thread: conditions and
 * callbacks write what they did to one log.
 */
final class RealPacts implements PactWorld {

	private final VirtualClock clock = new VirtualClock();

	private final Map<Integer, PactBase> pacts = new TreeMap<>();

	private final Set<Integer> trueConditions = new HashSet<>();

	private final List<String> log = new ArrayList<>();

	@Override
	public String createPact(int id, boolean lazy, Long timeoutMillis) {
		this.pacts.put(id, Pact.builder("p" + id).clock(this.clock).lazy(lazy).timeout(duration(timeoutMillis)).build());
		return "ok";
	}

	@Override
	public String createGroup(int id, boolean lazy, Long timeoutMillis, List<Integer> members) {
		PactGroup group = PactGroup.builder().clock(this.clock).lazy(lazy).timeout(duration(timeoutMillis)).build();
		this.pacts.put(id, group);
		List<String> results = new ArrayList<>();
		for (int member : members) {
			results.add(add(id, member, false));
		}
		return String.join(" ", results);
	}

	@Override
	public String until(int id, int condition, Long atMillis, boolean throwing) {
		if (!(this.pacts.get(id) instanceof Pact pact)) {
			return "skipped";
		}
		return label(() -> pact.until(() -> {
			this.log.add("cond" + condition);
			if (atMillis != null) {
				return this.clock.elapsed().toMillis() >= atMillis;
			}
			if (throwing && !this.trueConditions.contains(condition)) {
				throw new UserFailure("cond" + condition);
			}
			return this.trueConditions.contains(condition);
		}));
	}

	@Override
	public String makeTrue(int condition) {
		this.trueConditions.add(condition);
		return "ok";
	}

	@Override
	public String then(int id, int callback, boolean throwing) {
		return on(id, (pact) -> pact.then(callback("then" + callback, throwing)));
	}

	@Override
	public String lastly(int id, int callback, boolean throwing) {
		return on(id, (pact) -> pact.lastly(callback("lastly" + callback, throwing)));
	}

	@Override
	public String during(int id, int callback, boolean throwing) {
		return on(id, (pact) -> pact.during(callback("during" + callback, throwing)));
	}

	@Override
	public String onTimeout(int id, int callback, boolean throwing) {
		return on(id, (pact) -> pact.onTimeout(callback("onTimeout" + callback, throwing)));
	}

	@Override
	public String poll(int id) {
		return on(id, PactBase::poll);
	}

	@Override
	public String cancel(int id) {
		return on(id, PactBase::cancel);
	}

	@Override
	public String fail(int id) {
		return on(id, (pact) -> pact.fail("failed by the test"));
	}

	@Override
	public String add(int group, int member, boolean absorb) {
		if (!(this.pacts.get(group) instanceof PactGroup target) || !this.pacts.containsKey(member)) {
			return "skipped";
		}
		return label(() -> target.add(this.pacts.get(member), absorb));
	}

	@Override
	public String advance(long millis) {
		this.clock.advance(Duration.ofMillis(millis));
		return "ok";
	}

	@Override
	public String await(int id, Long timeoutMillis) {
		return on(id, (pact) -> {
			pact.await(duration(timeoutMillis));
			return null;
		});
	}

	@Override
	public String observe() {
		StringBuilder text = new StringBuilder("at ").append(this.clock.elapsed().toMillis()).append(" ms, log ")
			.append(this.log);
		this.pacts.forEach((id, pact) -> {
			text.append("\n  ").append(id).append(": ").append(pact.state()).append(pact.isFinished() ? " finished " : " ")
				.append(pact);
			if (pact instanceof PactGroup group) {
				List<String> order = new ArrayList<>();
				group.forEach((member) -> order.add(String.valueOf(member)));
				text.append(" iterates ").append(order);
			}
		});
		return text.toString();
	}

	private Runnable callback(String name, boolean throwing) {
		return () -> {
			this.log.add(name);
			if (throwing) {
				throw new UserFailure(name);
			}
		};
	}

	private String on(int id, java.util.function.Function<PactBase, Object> operation) {
		PactBase pact = this.pacts.get(id);
		if (pact == null) {
			return "skipped";
		}
		return label(() -> operation.apply(pact));
	}

	private static String label(Supplier<Object> operation) {
		try {
			Object result = operation.get();
			return (result instanceof Boolean) ? result.toString() : "ok";
		}
		catch (TimeoutExpiredException ex) {
			return "timeout: " + ex.getMessage() + UserFailure.suppressedOf(ex);
		}
		catch (UserFailure ex) {
			return "threw " + ex.tree();
		}
		catch (PactFailedException ex) {
			return "failed";
		}
		catch (CancellationException ex) {
			return "cancelled";
		}
		catch (IllegalStateException | IllegalArgumentException | UnsupportedOperationException ex) {
			return ex.getClass().getSimpleName();
		}
	}

	private static Duration duration(Long millis) {
		return (millis != null) ? Duration.ofMillis(millis) : null;
	}

}
