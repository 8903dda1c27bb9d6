using Mle.Configuration;
using Mle.Errors;
using Mle.Naming;
using Mle.Registry;

namespace Mle.Tests.Unit.Registry;

public sealed class MetadataRulesTests
{
    private readonly MetadataRules _rules = new(new LimitsOptions { MaxDescriptionLength = 10, MaxTags = 2, MaxTagKeyLength = 3, MaxTagValueLength = 4, MaxMetrics = 1 });

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_non_finite_metric_is_rejected_so_it_can_never_be_stored(double value)
    {
        var error = Assert.Throws<InvalidRequestException>(() => _rules.Metrics(new Dictionary<string, double> { ["auc"] = value }));
        Assert.Equal(ErrorCodes.InvalidMetric, error.Code);
    }

    [Fact]
    public void Each_bound_names_its_setting()
    {
        Assert.Contains("MaxDescriptionLength", Assert.Throws<InvalidRequestException>(() => _rules.Description(new string('d', 11))).Message);
        Assert.Contains("MaxTags", Assert.Throws<InvalidRequestException>(() => _rules.Tags(new Dictionary<string, string> { ["a"] = "", ["b"] = "", ["c"] = "" })).Message);
        Assert.Contains("MaxTagKeyLength", Assert.Throws<InvalidRequestException>(() => _rules.Tags(new Dictionary<string, string> { ["long"] = "" })).Message);
        Assert.Contains("MaxTagValueLength", Assert.Throws<InvalidRequestException>(() => _rules.Tags(new Dictionary<string, string> { ["k"] = "12345" })).Message);
        Assert.Contains("MaxMetrics", Assert.Throws<InvalidRequestException>(() => _rules.Metrics(new Dictionary<string, double> { ["a"] = 1, ["b"] = 2 })).Message);
    }

    [Fact]
    public void A_lone_surrogate_is_rejected_because_it_could_not_be_written_back_as_utf8()
    {
        var error = Assert.Throws<InvalidRequestException>(() => _rules.Description("a\uD800b"));
        Assert.Equal(ErrorCodes.InvalidRequest, error.Code);
        Assert.Equal("a😀b", _rules.Description("a😀b"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("é")]
    public void An_idempotency_key_is_printable_ascii(string key) =>
        Assert.Throws<InvalidRequestException>(() => _rules.IdempotencyKey(key));

    [Fact]
    public void A_model_remembers_a_bounded_number_of_idempotency_keys_for_a_bounded_time()
    {
        var state = new ModelState();
        var model = new RegisteredModel(new ModelRef("acme", "churn"), state);
        var now = DateTimeOffset.UnixEpoch;
        model.Create(new CreateModel(null, new Dictionary<string, string>()), now);
        var retention = TimeSpan.FromHours(1);
        for (var version = 1; version <= 3; version++)
        {
            model.Reserve(ModelFlavor.Onnx, now);
            model.MarkReady(version, now);
            model.RememberUpload($"key-{version}", new string((char)('a' + version), 64), version, now, maxKeys: 2, retention);
        }

        Assert.Null(model.FindUpload("key-1", new string('b', 64), now, retention));
        Assert.Equal(3, model.FindUpload("key-3", new string('d', 64), now, retention)!.Version);
        Assert.Equal(ErrorCodes.IdempotencyKeyReused, Assert.Throws<IdempotencyKeyReusedException>(() => model.FindUpload("key-3", new string('e', 64), now, retention)).Code);
        Assert.Null(model.FindUpload("key-3", new string('d', 64), now + retention + TimeSpan.FromSeconds(1), retention));
        Assert.Equal(2, state.IdempotentUploads.Count);
    }
}
