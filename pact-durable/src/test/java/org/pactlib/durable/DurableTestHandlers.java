package org.pactlib.durable;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Handlers for the tests: a condition that holds after a number of polls given in the payload, one that
 * throws, one that never holds, and a callback that records every call.
 */
@Configuration(proxyBeanMethods = false)
class DurableTestHandlers {

	record Steps(int polls) {
	}

	record Call(String handler, DurablePactContext.Kind kind, String key, Steps payload, String thread) {
	}

	static final class Recorder {

		final List<Call> calls = new CopyOnWriteArrayList<>();

		List<Call> of(String id) {
			return this.calls.stream().filter((call) -> call.key().startsWith(id + ":")).toList();
		}

	}

	@Bean
	Recorder recorder() {
		return new Recorder();
	}

	@Bean("test.afterPolls")
	DurableCondition<Steps> afterPolls() {
		return (payload, context) -> context.polls() + 1 >= payload.polls();
	}

	@Bean("test.explode")
	DurableCondition<Steps> explode() {
		return (payload, context) -> {
			throw new IllegalStateException("storage says no");
		};
	}

	@Bean("test.never")
	DurableCondition<Steps> never() {
		return (payload, context) -> false;
	}

	@Bean("test.record")
	DurableCallback<Steps> record(Recorder recorder) {
		return (payload, context) -> recorder.calls.add(new Call(context.handler(), context.kind(),
				context.idempotencyKey(), payload, Thread.currentThread().getName()));
	}

	@Bean("test.recordAgain")
	DurableCallback<Steps> recordAgain(Recorder recorder) {
		return (payload, context) -> recorder.calls.add(new Call(context.handler(), context.kind(),
				context.idempotencyKey(), payload, Thread.currentThread().getName()));
	}

}
