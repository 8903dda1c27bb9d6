using Mle.Errors;
using Mle.Features;
using static Mle.Tests.Unit.Features.FeatureSets;

namespace Mle.Tests.Unit.Features;

public sealed class FeatureEventsTests
{
    private static readonly FeatureSetDefinition Definition = Define(Card());
    private static readonly FeaturesOptions Options = new();

    [Fact]
    public void Values_are_converted_to_the_declared_type()
    {
        var valid = FeatureEvents.Validate(Definition, [new FeatureEvent("e1", "c1", Epoch, new Dictionary<string, FeatureValue> { ["amount"] = 12 })], Epoch, Options);

        Assert.Equal(FeatureValue.Float(12), valid[0].Values["amount"]);
    }

    [Fact]
    public void An_event_whose_values_have_the_declared_types_is_kept_as_it_is_and_one_to_convert_keeps_its_other_values()
    {
        var typed = Event("e1", Epoch, 12.5, "grocer");
        var mixed = new FeatureEvent("e2", "c1", Epoch, new Dictionary<string, FeatureValue> { ["amount"] = 12, ["merchant"] = "fuel" });

        var valid = FeatureEvents.Validate(Definition, [typed, mixed], Epoch, Options);

        Assert.Same(typed, valid[0]);
        Assert.Equal(FeatureValue.Float(12), valid[1].Values["amount"]);
        Assert.Equal(FeatureValue.String("fuel"), valid[1].Values["merchant"]);
        Assert.Equal(2, valid[1].Values.Count);
    }

    [Fact]
    public void One_bad_event_fails_the_batch_naming_its_field()
    {
        FeatureEvent?[] events =
        [
            Event("e1", Epoch, 1),
            new FeatureEvent("e2", "c1", Epoch, new Dictionary<string, FeatureValue> { ["amount"] = "twelve" }),
        ];

        var error = Assert.Throws<InvalidRequestException>(() => FeatureEvents.Validate(Definition, events, Epoch, Options));

        Assert.Equal(ErrorCodes.FeatureTypeMismatch, error.Code);
        Assert.Equal("events[1].values.amount", error.Target);
    }

    [Theory]
    [InlineData("", "c1", "events[0].id", ErrorCodes.InvalidEvent)]
    [InlineData("e1", "", "events[0].entity", ErrorCodes.InvalidEvent)]
    [InlineData("e1", "c\n1", "events[0].entity", ErrorCodes.InvalidEvent)]
    public void An_event_needs_an_id_and_an_entity(string id, string entity, string target, string code)
    {
        var error = Assert.Throws<InvalidRequestException>(() =>
            FeatureEvents.Validate(Definition, [new FeatureEvent(id, entity, Epoch, new Dictionary<string, FeatureValue>())], Epoch, Options));
        Assert.Equal(code, error.Code);
        Assert.Equal(target, error.Target);
    }

    [Fact]
    public void An_unknown_feature_and_an_aggregate_cannot_be_set()
    {
        var unknown = Assert.Throws<InvalidRequestException>(() => FeatureEvents.Validate(
            Definition, [new FeatureEvent("e1", "c1", Epoch, new Dictionary<string, FeatureValue> { ["nope"] = 1 })], Epoch, Options));
        var aggregate = Assert.Throws<InvalidRequestException>(() => FeatureEvents.Validate(
            Definition, [new FeatureEvent("e1", "c1", Epoch, new Dictionary<string, FeatureValue> { ["amount_avg_10m"] = 1 })], Epoch, Options));

        Assert.Equal(ErrorCodes.UnknownFeature, unknown.Code);
        Assert.Equal(ErrorCodes.InvalidEvent, aggregate.Code);
    }

    [Fact]
    public void An_event_from_too_far_in_the_future_is_refused()
    {
        var error = Assert.Throws<InvalidRequestException>(() =>
            FeatureEvents.Validate(Definition, [Event("e1", Epoch.AddMinutes(6), 1)], Epoch, Options));
        Assert.Equal("events[0].time", error.Target);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_non_finite_float_is_refused(double value)
    {
        var error = Assert.Throws<InvalidRequestException>(() =>
            FeatureEvents.Validate(Definition, [Event("e1", Epoch, value)], Epoch, Options));
        Assert.Equal(ErrorCodes.FeatureTypeMismatch, error.Code);
    }
}
