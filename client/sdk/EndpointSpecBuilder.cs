using System.Text.Json.Nodes;

namespace Mle.Client;

/// <summary>
/// Typed builders of an endpoint spec that write exactly the JSON <c>PUT /api/v1/endpoints/{name}</c> takes:
/// <code>
/// var spec = new EndpointSpecBuilder(EndpointNodes.Split(
///         EndpointNodes.Variant("a", 50, EndpointNodes.Model("churn@champion")),
///         EndpointNodes.Variant("b", 50, EndpointNodes.Model("churn@2"))))
///     { EntityKey = "customerId" };
/// </code>
/// </summary>
public sealed class EndpointSpecBuilder(JsonObject graph)
{
    /// <summary>What the endpoint is for, for people.</summary>
    public string? Description { get; init; }

    /// <summary>The row column whose value makes split and canary assignment sticky.</summary>
    public string? EntityKey { get; init; }

    /// <summary><c>{"featureSet", "entity", "features", "missing", "default"}</c> objects (<see cref="EndpointNodes.Enrich"/>).</summary>
    public IReadOnlyList<JsonObject> Enrich { get; init; } = [];

    /// <summary>Dynamic batching; null (the default) leaves it off.</summary>
    public (int MaxBatchSize, double MaxQueueDelayMs)? Batching { get; init; }

    /// <summary>The spec's JSON, as <c>PUT /api/v1/endpoints/{name}</c> takes it.</summary>
    public string ToJson()
    {
        var spec = new JsonObject();
        if (Description is not null)
        {
            spec["description"] = Description;
        }
        if (EntityKey is not null)
        {
            spec["entityKey"] = EntityKey;
        }
        spec["graph"] = graph.DeepClone();
        if (Enrich.Count > 0)
        {
            spec["enrich"] = new JsonArray([.. Enrich.Select(e => e.DeepClone())]);
        }
        if (Batching is { } batching)
        {
            spec["batching"] = new JsonObject { ["maxBatchSize"] = batching.MaxBatchSize, ["maxQueueDelayMs"] = batching.MaxQueueDelayMs };
        }
        return spec.ToJsonString();
    }
}

/// <summary>The nodes of an endpoint's graph, as JSON objects of the fixed shape.</summary>
public static class EndpointNodes
{
    /// <summary><c>{"model": "t@champion"}</c>: <paramref name="model"/> is <c>name</c>, <c>name@alias</c> or <c>name@7</c>.</summary>
    public static JsonObject Model(string model) => new() { ["model"] = model };

    /// <summary><c>{"split": {"variants": [...]}}</c> of <see cref="Variant"/>s whose weights add up to 100.</summary>
    public static JsonObject Split(params JsonObject[] variants) => new() { ["split"] = new JsonObject { ["variants"] = Array(variants) } };

    /// <summary>One variant of a <see cref="Split"/>: its name, weight (percent) and node.</summary>
    public static JsonObject Variant(string name, double weight, JsonObject node) => new() { ["name"] = name, ["weight"] = weight, ["node"] = node };

    /// <summary><c>{"shadow": ...}</c>: answers with the primary; the candidates score the same rows off the request path.</summary>
    public static JsonObject Shadow(JsonObject primary, params JsonObject[] candidates) =>
        new() { ["shadow"] = new JsonObject { ["primary"] = primary, ["candidates"] = Array(candidates) } };

    /// <summary><c>{"canary": ...}</c>: <paramref name="percent"/> of entities to the candidate until a rollback threshold is crossed.</summary>
    public static JsonObject Canary(JsonObject stable, JsonObject candidate, double percent, double? maxErrorRate = null, double? maxP99Ms = null, int minRequests = 100)
    {
        var rollback = new JsonObject { ["minRequests"] = minRequests };
        if (maxErrorRate is { } rate)
        {
            rollback["maxErrorRate"] = rate;
        }
        if (maxP99Ms is { } p99)
        {
            rollback["maxP99Ms"] = p99;
        }
        return new() { ["canary"] = new JsonObject { ["stable"] = stable, ["candidate"] = candidate, ["percent"] = percent, ["rollback"] = rollback } };
    }

    /// <summary><paramref name="combine"/> is <c>mean</c>, <c>weightedMean</c> or <c>vote</c>.</summary>
    public static JsonObject Ensemble(string combine, string output, params JsonObject[] members) =>
        new() { ["ensemble"] = new JsonObject { ["combine"] = combine, ["output"] = output, ["members"] = Array(members) } };

    /// <summary>One member of an <see cref="Ensemble"/>.</summary>
    public static JsonObject Member(JsonObject node, double weight = 1) => new() { ["node"] = node, ["weight"] = weight };

    /// <summary><c>{"chain": [...]}</c>: each step's outputs feed the next by column name.</summary>
    public static JsonObject Chain(params JsonObject[] steps) => new() { ["chain"] = Array(steps) };

    /// <summary><c>{"segment": ...}</c>: the first rule whose predicate holds routes the row, else <paramref name="fallback"/>.</summary>
    public static JsonObject Segment(JsonObject fallback, params (string When, JsonObject Node)[] rules) =>
        new()
        {
            ["segment"] = new JsonObject
            {
                ["rules"] = new JsonArray([.. rules.Select(r => (JsonNode)new JsonObject { ["when"] = r.When, ["node"] = r.Node.DeepClone() })]),
                ["default"] = fallback,
            },
        };

    /// <summary><c>{"endpoint": "other"}</c>: another endpoint of the tenant.</summary>
    public static JsonObject Endpoint(string name) => new() { ["endpoint"] = name };

    /// <summary>An enrichment; <paramref name="fallback"/> (a number, string or bool) makes its missing policy <c>default</c>, else <c>fail</c>.</summary>
    public static JsonObject Enrich(string featureSet, string entity, IEnumerable<string> features, object? fallback = null)
    {
        var enrich = new JsonObject
        {
            ["featureSet"] = featureSet,
            ["entity"] = entity,
            ["features"] = new JsonArray([.. features.Select(f => (JsonNode)JsonValue.Create(f))]),
            ["missing"] = fallback is null ? "fail" : "default",
        };
        if (fallback is not null)
        {
            enrich["default"] = JsonValue.Create(fallback);
        }
        return enrich;
    }

    private static JsonArray Array(JsonObject[] nodes) => new([.. nodes.Select(n => n.Parent is null ? (JsonNode)n : n.DeepClone())]);
}
