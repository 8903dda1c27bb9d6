using System.Text.Json;

namespace Mle.Client;

/// <summary>
/// Builds a pipeline definition in C#, producing exactly the JSON <c>POST /api/v1/pipelines</c> takes:
/// <code>
/// new PipelineBuilder("fraud").FromRest()
///     .Filter("big", "A > 0.5")
///     .Map("derive", ("C", "A + B"))
///     .Featurize("feat", "card", "cardId")
///     .Enrich("enrich", "card", "cardId", "amount_avg_10m")
///     .Score("score", "tiny@champion", "prediction")
///     .ToWebhook("out", new Uri("http://127.0.0.1:9000/hook"));
/// </code>
/// Steps run in the order added; <see cref="After"/> makes the last step added take its records from other steps (a
/// fan-out or a join). Nothing is checked here: the silo validates the whole definition and answers every problem.
/// </summary>
public sealed class PipelineBuilder(string name)
{
    private readonly List<Dictionary<string, object>> _steps = [];
    private Dictionary<string, object> _source = new() { ["type"] = "rest" };

    /// <summary>Events are pushed to <c>POST /api/v1/pipelines/{name}/events</c> (the default).</summary>
    public PipelineBuilder FromRest() => Source(new() { ["type"] = "rest" });

    /// <summary>Events are read from <paramref name="streamNamespace"/> of the <c>mle</c> stream provider.</summary>
    public PipelineBuilder FromStream(string streamNamespace) => Source(new() { ["type"] = "stream", ["namespace"] = streamNamespace });

    /// <summary>Declares the types of the events' values (field to <c>number</c>, <c>string</c>, <c>bool</c> or <c>vector</c>).</summary>
    public PipelineBuilder WithSchema(IReadOnlyDictionary<string, string> schema)
    {
        _source["schema"] = schema;
        return this;
    }

    /// <summary>Keeps the records for which <paramref name="expr"/> is true.</summary>
    public PipelineBuilder Filter(string step, string expr) => Step(step, "filter", ("expr", expr));

    /// <summary>Sets fields to computed values; every expression reads the record as it came in.</summary>
    public PipelineBuilder Map(string step, params (string Field, string Expr)[] set) =>
        Step(step, "map", ("set", set.ToDictionary(s => s.Field, s => s.Expr)));

    /// <summary>Applies each record to the entity its <paramref name="entity"/> field names in <paramref name="featureSet"/>.</summary>
    public PipelineBuilder Featurize(string step, string featureSet, string entity) =>
        Step(step, "featurize", ("featureSet", featureSet), ("entity", entity));

    /// <summary>Adds <paramref name="features"/> of the entity (every feature of the set when none are named).</summary>
    public PipelineBuilder Enrich(string step, string featureSet, string entity, params string[] features) =>
        features.Length == 0
            ? Step(step, "enrich", ("featureSet", featureSet), ("entity", entity))
            : Step(step, "enrich", ("featureSet", featureSet), ("entity", entity), ("features", features));

    /// <summary>Scores each record with <paramref name="model"/> (<c>name</c>, <c>name@alias</c> or <c>name@version</c>); the outputs go under <paramref name="output"/>.</summary>
    public PipelineBuilder Score(string step, string model, string output = "prediction") =>
        Step(step, "score", ("model", model), ("output", output));

    /// <summary>POSTs the records to <paramref name="url"/> (retried, at least once).</summary>
    public PipelineBuilder ToWebhook(string step, Uri url) => Step(step, "sink", ("to", "webhook"), ("url", url.ToString()));

    /// <summary>Publishes the records to <paramref name="streamNamespace"/> of the <c>mle</c> stream provider.</summary>
    public PipelineBuilder ToStream(string step, string streamNamespace) => Step(step, "sink", ("to", "stream"), ("namespace", streamNamespace));

    /// <summary>Writes the records back to <paramref name="featureSet"/>, keyed by their <paramref name="entity"/> field.</summary>
    public PipelineBuilder ToFeatureSet(string step, string featureSet, string entity) =>
        Step(step, "sink", ("to", "featureSet"), ("featureSet", featureSet), ("entity", entity));

    /// <summary>Makes the step added last take its records from <paramref name="steps"/> (none: from the source).</summary>
    public PipelineBuilder After(params string[] steps)
    {
        if (_steps.Count == 0)
        {
            throw new InvalidOperationException("After applies to the step added last; add a step first.");
        }
        _steps[^1]["after"] = steps;
        return this;
    }

    /// <summary>The definition as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["name"] = name,
        ["kind"] = "streaming",
        ["source"] = _source,
        ["steps"] = _steps,
    });

    /// <summary>The definition as JSON, as <see cref="ToJson"/>.</summary>
    public override string ToString() => ToJson();

    private PipelineBuilder Source(Dictionary<string, object> source)
    {
        _source = source;
        return this;
    }

    private PipelineBuilder Step(string step, string type, params (string Key, object Value)[] properties)
    {
        var json = new Dictionary<string, object> { ["name"] = step, ["type"] = type };
        foreach (var (key, value) in properties)
        {
            json[key] = value;
        }
        _steps.Add(json);
        return this;
    }
}
