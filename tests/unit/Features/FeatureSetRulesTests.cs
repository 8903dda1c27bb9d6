using Mle.Errors;
using Mle.Features;
using static Mle.Tests.Unit.Features.FeatureSets;

namespace Mle.Tests.Unit.Features;

public sealed class FeatureSetRulesTests
{
    private readonly FeatureSetRules _rules = new(new FeaturesOptions { MaxTilesPerAggregate = 10_000 });

    [Theory]
    [InlineData("1s", 1_000)]
    [InlineData("10m", 600_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("250ms", 250)]
    public void Durations_are_a_whole_number_and_one_unit(string text, long milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Durations.Parse(text, "window"));
        Assert.Equal(text, Durations.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("1.5h")]
    [InlineData("-1s")]
    [InlineData("1w")]
    [InlineData("1h30m")]
    [InlineData(" 1s")]
    public void Anything_else_is_not_a_duration_and_names_its_field(string text)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Durations.Parse(text, "aggregates[0].window"));
        Assert.Equal(ErrorCodes.InvalidFeatureSet, error.Code);
        Assert.Equal("aggregates[0].window", error.Target);
    }

    [Fact]
    public void The_issues_example_is_valid_and_gets_its_defaults()
    {
        var spec = _rules.Normalize("card", Card());

        Assert.Equal(FeatureSetRules.DefaultRetention, spec.Retention);
        Assert.Equal("card", spec.Source);
    }

    [Fact]
    public void A_window_that_is_not_a_whole_number_of_hops_is_rejected()
    {
        var spec = Card() with { Aggregates = [new AggregateFeature("a", "amount", AggregateFunction.Avg, TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(1))] };
        AssertInvalid(spec, "aggregates[0].window");
    }

    [Fact]
    public void A_numeric_function_over_a_string_feature_is_rejected()
    {
        var spec = Card() with { Aggregates = [new AggregateFeature("a", "merchant", AggregateFunction.Sum, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1))] };
        AssertInvalid(spec, "aggregates[0].function");
    }

    [Fact]
    public void An_aggregate_over_an_undeclared_feature_is_rejected()
    {
        var spec = Card() with { Aggregates = [new AggregateFeature("a", "nope", AggregateFunction.Count, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1))] };
        AssertInvalid(spec, "aggregates[0].feature");
    }

    [Fact]
    public void Too_many_tiles_per_aggregate_is_rejected_naming_the_setting()
    {
        var spec = Card(retention: TimeSpan.FromDays(1));
        var error = AssertInvalid(spec, "aggregates[0].hop");
        Assert.Contains("MaxTilesPerAggregate", error.Message);
    }

    [Fact]
    public void A_name_declared_twice_is_rejected()
    {
        var spec = Card() with { Aggregates = [new AggregateFeature("amount", "amount", AggregateFunction.Count, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1))] };
        AssertInvalid(spec, "aggregates[0].name");
    }

    [Fact]
    public void Last_n_needs_an_n()
    {
        var spec = Card() with { Aggregates = [new AggregateFeature("last", "amount", AggregateFunction.LastN, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1))] };
        AssertInvalid(spec, "aggregates[0].n");
    }

    [Fact]
    public void Evolution_may_add_features_and_aggregates()
    {
        var current = _rules.Normalize("card", Card());
        var next = _rules.Normalize("card", current with
        {
            Features = [.. current.Features, new RawFeature("country", FeatureType.String)],
            Aggregates = [.. current.Aggregates, new AggregateFeature("amount_max_1h", "amount", AggregateFunction.Max, TimeSpan.FromHours(1), TimeSpan.FromMinutes(1))],
            MaxAge = TimeSpan.FromDays(1),
        });

        FeatureSetEvolution.Check(current, next);
    }

    [Fact]
    public void Evolution_rejects_removing_or_retyping_a_feature_and_changing_an_aggregate()
    {
        var current = _rules.Normalize("card", Card());
        var removed = current with { Features = [current.Features[0]] };
        var retyped = current with { Features = [current.Features[0], new RawFeature("merchant", FeatureType.Int)] };
        var rewindowed = current with { Aggregates = [current.Aggregates[0] with { Window = TimeSpan.FromMinutes(5) }] };
        var rekeyed = current with { EntityKey = "customerId" };

        foreach (var (next, target) in new[] { (removed, "merchant"), (retyped, "merchant"), (rewindowed, "amount_avg_10m"), (rekeyed, "entityKey") })
        {
            var error = Assert.Throws<ConflictException>(() => FeatureSetEvolution.Check(current, next));
            Assert.Equal(ErrorCodes.FeatureChangeRejected, error.Code);
            Assert.Equal(target, error.Target);
        }
    }

    private InvalidRequestException AssertInvalid(FeatureSetSpec spec, string target)
    {
        var error = Assert.Throws<InvalidRequestException>(() => _rules.Normalize("card", spec));
        Assert.Equal(ErrorCodes.InvalidFeatureSet, error.Code);
        Assert.Equal(target, error.Target);
        return error;
    }
}
