package org.pactlib.benchmarks;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table and the CSV show each figure next to its reference, the ratio and the goal, and say
 * whether the goal is met; numbers read well for people and parse for tools.
 */
class ResultTableTest {

	@Test
	void textAlignsFiguresWithTheirReferenceRatioGoalAndVerdict() {
		ResultTable table = new ResultTable();
		table.add(Figure.of("sweep per pending pact vs floor", 100_000, 1460.4, 13.2, "ns", Goal.ratioAtMost(3)));
		table.add(Figure.of("retained heap per pact", 1_000_000, 250.0, null, "B", Goal.atMost(300)));
		table.add(new Figure("startup with the starter", 0, null, 930.0, "ms", Goal.none(), "not measured: see log"));

		assertThat(table.text()).isEqualTo("""
				figure                              N      ours  reference  ratio  goal       met
				---------------------------------------------------------------------------------
				sweep per pending pact vs floor  100k  1 460 ns    13.2 ns   111x  <= 3x ref  NO
				retained heap per pact             1M     250 B          -      -  <= 300 B   yes
				startup with the starter            -         -     930 ms      -  -
				    not measured: see log
				""");
	}

	@Test
	void csvHasOneLinePerFigureWithPlainNumbersAndQuotedText() {
		ResultTable table = new ResultTable();
		table.add(Figure.of("react, 10k ops: CPU", 10_000, 0.3, 0.6, "s", Goal.ratioAtMost(1)));
		table.add(new Figure("stage to then: p99", 0, 62.0915, null, "us", Goal.below(1000), "a \"note\""));

		assertThat(table.csv()).isEqualTo("""
				figure,N,ours,reference,ratio,goal,unit,met,note
				"react, 10k ops: CPU",10000,0.3,0.6,0.5,<= 1x ref,s,yes,
				stage to then: p99,,62.0915,,,< 1 000 us,us,yes,"a ""note""\"
				""");
	}

	@Test
	void goalsAreMetOnlyWhenThereIsSomethingToCompare() {
		assertThat(Goal.ratioAtMost(3).met(40.0, 3.0)).isTrue();
		assertThat(Goal.ratioAtMost(3).met(40.0, null)).isNull();
		assertThat(Goal.below(10).met(10.0, null)).isFalse();
		assertThat(Goal.atMost(300).met(null, null)).isNull();
		assertThat(Goal.none().met(1.0, 1.0)).isNull();
	}

	@Test
	void numbersAndSizesReadWell() {
		assertThat(ResultTable.number(0.4517)).isEqualTo("0.452");
		assertThat(ResultTable.number(13.25)).isEqualTo("13.3");
		assertThat(ResultTable.number(3700.2)).isEqualTo("3 700");
		assertThat(ResultTable.size(1_000)).isEqualTo("1k");
		assertThat(ResultTable.size(2_500)).isEqualTo("2500");
		assertThat(ResultTable.size(0)).isEqualTo("-");
	}

	@Test
	void childResultLinesAreFoundAmongOtherOutput() {
		assertThat(ChildProtocol.parse("@result sweep_ns=1460.500000")).contains(Map.entry("sweep_ns", 1460.5));
		assertThat(ChildProtocol.parse("12:00:01 INFO started")).isEmpty();
		assertThat(ChildProtocol.arguments(new String[] { "n=10", "kind=ours" })).containsExactly(Map.entry("n", "10"),
				Map.entry("kind", "ours"));
	}

}
