using Mle.Errors;
using Mle.Features;
using Mle.Pipelines;
using Mle.Pipelines.Execution;
using Mle.Serving.Expressions;

namespace Mle.Tests.Unit.Pipelines;

public sealed class PipelineProcessorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly RecordingEffects _effects = new();
    private readonly PipelineProcessor _processor = new(new FixedTime(Now));

    private static async Task<PipelinePlan> Plan(string json) =>
        (await new PipelineValidator(new ExpressionCompiler()).Validate(json, "acme", new TableCatalog())).Plan
        ?? throw new InvalidOperationException("The test's definition is invalid.");

    private static FeatureEvent Event(string id, double a, double b, string card = "c1") =>
        new(id, card, Now.AddMilliseconds(-30), new Dictionary<string, FeatureValue> { ["A"] = a, ["B"] = b, ["cardId"] = card });

    [Fact]
    public async Task The_issue_example_filters_derives_and_calls_each_outside_step_once_per_batch()
    {
        var plan = await Plan(Definitions.Fraud);

        var outcome = await _processor.Run(plan, 3, [Event("e1", 0.9, 0.8), Event("e2", 0.1, 0.2), Event("e3", 0.6, 0.1, "c2")], _effects);

        Assert.Equal(
            [("feat", new[] { "e1", "e3" }), ("enrich", ["e1", "e3"]), ("score", ["e1", "e3"]), ("out", ["e1", "e3"])],
            _effects.Calls.Select(c => (c.Step, c.Ids)));
        var (version, records) = Assert.Single(_effects.Delivered);
        Assert.Equal(3, version);
        var first = records[0].Fields;
        Assert.Equal(0.9 + 0.8, (double)first["C"]!);
        Assert.Equal(10.0, first["amount_avg_10m"]);
        var prediction = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(first["prediction"]);
        Assert.Equal((float)(0.9 + 0.8), prediction["Score"]);
        Assert.Equal(new PipelineCounters(3, 2, 1, 0, 0), outcome.Report.Counters);
        Assert.Equal(new PipelineCounters(3, 2, 1, 0, 0), outcome.Report.Steps.Single(s => s.Step == "big").Counters);
        Assert.Equal(new PipelineCounters(2, 2, 0, 0, 0), outcome.Report.Steps.Single(s => s.Step == "score").Counters);
        Assert.Equal(2, outcome.Report.Latency.Count);
        Assert.Equal([30.0, 30.0], outcome.Latencies);
    }

    [Fact]
    public async Task A_record_an_expression_cannot_evaluate_is_dead_lettered_with_its_step_and_the_others_carry_on()
    {
        var plan = await Plan("""
            {"name": "ratios", "source": {"type": "rest", "schema": {"A": "number", "B": "number"}},
             "steps": [{"name": "ratio", "type": "map", "set": {"R": "A / B"}}, {"name": "out", "type": "sink", "to": "webhook", "url": "http://127.0.0.1:1/hook"}]}
            """);
        var poison = Event("zero", 1, 0);

        var outcome = await _processor.Run(plan, 1, [Event("e1", 1, 2), poison, Event("e2", 3, 4)], _effects);

        var letter = Assert.Single(outcome.DeadLetters);
        Assert.Equal("ratio", letter.Step);
        Assert.Equal(ErrorCodes.ExpressionEvaluationFailed, letter.Code);
        Assert.Same(poison, letter.Event);
        Assert.Equal(1, letter.Version);
        Assert.Equal(["e1", "e2"], _effects.Delivered.Single().Records.Select(r => r.Id));
        Assert.Equal(0.5, _effects.Delivered.Single().Records[0].Fields["R"]);
        Assert.Equal(new PipelineCounters(3, 2, 0, 1, 1), outcome.Report.Counters);
    }

    [Fact]
    public async Task A_poison_event_fails_its_featurize_call_alone_and_the_rest_of_its_batch_goes_on()
    {
        var plan = await Plan(Definitions.Fraud);
        _effects.Poison.Add("bad");

        var outcome = await _processor.Run(plan, 1, [Event("e1", 0.9, 0.8), Event("bad", 0.9, 0.1), Event("e3", 0.7, 0.1)], _effects);

        var letter = Assert.Single(outcome.DeadLetters);
        Assert.Equal("feat", letter.Step);
        Assert.Equal("bad", letter.Event.Id);
        Assert.Equal(ErrorCodes.SchemaMismatch, letter.Code);
        Assert.Equal(["e1", "e3"], _effects.Delivered.Single().Records.Select(r => r.Id));
        // The batch once, then each record alone; the steps after it see one batch of the survivors.
        Assert.Equal(["e1,bad,e3", "e1", "bad", "e3"], _effects.Calls.Where(c => c.Step == "feat").Select(c => string.Join(',', c.Ids)));
        Assert.Single(_effects.Calls, c => c.Step == "score");
    }

    [Fact]
    public async Task A_sink_that_fails_dead_letters_its_whole_batch_without_trying_each_record()
    {
        var plan = await Plan(Definitions.Fraud);
        _effects.SinkFails = true;

        var outcome = await _processor.Run(plan, 2, [Event("e1", 0.9, 0.8), Event("e2", 0.8, 0.8)], _effects);

        Assert.Equal(["e1", "e2"], outcome.DeadLetters.Select(l => l.Event.Id));
        Assert.All(outcome.DeadLetters, l => Assert.Equal(("out", ErrorCodes.SinkFailed), (l.Step, l.Code)));
        Assert.Single(_effects.Calls, c => c.Step == "out");
        Assert.Equal(new PipelineCounters(2, 0, 0, 2, 2), outcome.Report.Counters);
    }

    [Fact]
    public async Task A_join_takes_the_events_that_reached_every_input_with_the_fields_of_both()
    {
        var plan = await Plan("""
            {"name": "join", "source": {"type": "rest", "schema": {"A": "number", "B": "number"}},
             "steps": [
               {"name": "big", "type": "filter", "after": [], "expr": "A > 1"},
               {"name": "sum", "type": "map", "after": [], "set": {"S": "A + B"}},
               {"name": "both", "type": "map", "after": ["big", "sum"], "set": {"T": "S * 2"}},
               {"name": "out", "type": "sink", "to": "webhook", "url": "http://127.0.0.1:1/hook"}]}
            """);

        var outcome = await _processor.Run(plan, 1, [Event("small", 1, 1), Event("large", 2, 3), Event("large", 5, 5)], _effects);

        var delivered = _effects.Delivered.Single().Records;
        Assert.Equal([10.0, 20.0], delivered.Select(r => (double)r.Fields["T"]!));
        Assert.Equal(new PipelineCounters(2, 2, 0, 0, 0), outcome.Report.Steps.Single(s => s.Step == "both").Counters);
        Assert.Equal(1, outcome.Report.Counters.Filtered);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
