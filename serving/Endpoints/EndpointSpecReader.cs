using System.Globalization;
using System.Text.Json;
using Mle.Errors;
using Mle.Naming;

namespace Mle.Endpoints;

/// <summary>
/// Reads the fixed JSON shape of an endpoint spec (issue 10) into an <see cref="EndpointSpec"/>, with every problem
/// of its shape at once: a node that is none of the eight kinds or more than one, missing or mistyped properties,
/// unknown properties (a typo such as <c>"percnt"</c> would otherwise silently send 0% to a canary), weights that do
/// not add up to 100, duplicate variant names. What the names refer to (models, endpoints, schemas, cycles,
/// predicates) is the <see cref="EndpointCompiler"/>'s part.
/// </summary>
public static class EndpointSpecReader
{
    /// <summary>How deep nodes may nest in one spec; deeper is refused rather than risking the stack.</summary>
    public const int MaxNodeDepth = 32;

    private static readonly string[] NodeKinds = ["model", "split", "shadow", "canary", "ensemble", "chain", "segment", "endpoint"];
    private static readonly string[] RootProperties = ["description", "entityKey", "graph", "enrich", "batching"];

    public static (EndpointSpec? Spec, IReadOnlyList<SpecProblem> Problems) Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 * MaxNodeDepth + 8 });
            return Read(document.RootElement);
        }
        catch (JsonException error)
        {
            return (null, [new SpecProblem(ErrorCodes.InvalidEndpoint, $"The spec is not valid JSON: {error.Message}", "$")]);
        }
    }

    public static (EndpointSpec? Spec, IReadOnlyList<SpecProblem> Problems) Read(JsonElement root)
    {
        var problems = new List<SpecProblem>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add(Invalid("$", "The spec must be a JSON object with a \"graph\"."));
            return (null, problems);
        }
        Unknown(root, "$", RootProperties, "an endpoint spec", problems);
        var description = OptionalString(root, "description", "description", problems);
        var entityKey = OptionalString(root, "entityKey", "entityKey", problems);
        EndpointNode? graph = null;
        if (root.TryGetProperty("graph", out var graphJson))
        {
            graph = Node(graphJson, "graph", 1, problems);
        }
        else
        {
            problems.Add(Invalid("graph", "The spec needs a \"graph\": a node such as {\"model\": \"t@champion\"}."));
        }
        var enrich = root.TryGetProperty("enrich", out var enrichJson) ? Enrichments(enrichJson, problems) : [];
        var batching = root.TryGetProperty("batching", out var batchingJson) ? Batching(batchingJson, problems) : null;
        // A graph that could be read is returned with the problems, so the compiler can add what it finds in it.
        return graph is null ? (null, problems) : (new EndpointSpec(description, entityKey, graph, enrich, batching), problems);
    }

    private static EndpointNode? Node(JsonElement json, string path, int depth, List<SpecProblem> problems)
    {
        if (depth > MaxNodeDepth)
        {
            problems.Add(Invalid(path, $"Nodes nest deeper than {MaxNodeDepth} levels."));
            return null;
        }
        if (json.ValueKind != JsonValueKind.Object)
        {
            problems.Add(Invalid(path, $"A node must be an object with one of {string.Join(", ", NodeKinds)}."));
            return null;
        }
        var kinds = json.EnumerateObject().Select(p => p.Name).ToList();
        if (kinds.Count != 1 || !NodeKinds.Contains(kinds[0], StringComparer.Ordinal))
        {
            problems.Add(Invalid(path, kinds.Count == 1
                ? $"'{kinds[0]}' is not a node kind; a node is one of {string.Join(", ", NodeKinds)}."
                : $"A node has exactly one property, its kind ({string.Join(", ", NodeKinds)}); this one has {kinds.Count}."));
            return null;
        }
        var kind = kinds[0];
        var body = json.GetProperty(kind);
        var at = $"{path}.{kind}";
        return kind switch
        {
            "model" => Model(body, path, at, problems),
            "split" => Split(body, path, at, depth, problems),
            "shadow" => Shadow(body, path, at, depth, problems),
            "canary" => Canary(body, path, at, depth, problems),
            "ensemble" => Ensemble(body, path, at, depth, problems),
            "chain" => Chain(body, path, at, depth, problems),
            "segment" => Segment(body, path, at, depth, problems),
            _ => Nested(body, path, at, problems),
        };
    }

    private static ModelNode? Model(JsonElement body, string path, string at, List<SpecProblem> problems)
    {
        if (body.ValueKind != JsonValueKind.String)
        {
            problems.Add(Invalid(at, "\"model\" is a string: \"name\", \"name@alias\" or \"name@7\"."));
            return null;
        }
        var text = body.GetString()!;
        try
        {
            if (!text.Contains('@', StringComparison.Ordinal))
            {
                return new ModelNode(path, Names.Require("model name", text), VersionSelector.Default);
            }
            var (model, version) = VersionSelector.ParseQualified(text);
            return new ModelNode(path, model, version);
        }
        catch (MleException error)
        {
            problems.Add(new SpecProblem(error.Code, error.Message, at));
            return null;
        }
    }

    private static SplitNode? Split(JsonElement body, string path, string at, int depth, List<SpecProblem> problems)
    {
        if (!Object(body, at, "{\"variants\": [{\"name\": \"a\", \"weight\": 50, \"node\": NODE}, ...]}", problems))
        {
            return null;
        }
        Unknown(body, at, ["variants"], "a split", problems);
        var variants = new List<SplitVariant>();
        var before = problems.Count;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var total = 0.0;
        foreach (var (item, itemPath) in Items(body, "variants", at, "a split", problems))
        {
            if (!Object(item, itemPath, "{\"name\": \"a\", \"weight\": 50, \"node\": NODE}", problems))
            {
                continue;
            }
            Unknown(item, itemPath, ["name", "weight", "node"], "a variant", problems);
            var name = RequiredString(item, "name", itemPath + ".name", problems);
            if (name is not null && !Names.IsValid(name))
            {
                problems.Add(new SpecProblem(ErrorCodes.InvalidName, $"'{name}' is not a valid variant name: use 1-128 letters, digits, '.', '_' or '-'.", itemPath + ".name"));
            }
            else if (name is not null && !names.Add(name))
            {
                problems.Add(Invalid(itemPath + ".name", $"Two variants are named '{name}'; a variant's name identifies it in routes and metrics."));
            }
            var weight = Number(item, "weight", itemPath + ".weight", required: true, problems);
            if (weight is < 0 or > 100)
            {
                problems.Add(Invalid(itemPath + ".weight", $"A weight is a percent from 0 to 100; {Format(weight.Value)} is not."));
            }
            total += weight ?? 0;
            var node = ChildNode(item, "node", itemPath, depth, problems);
            if (name is not null && weight is not null && node is not null)
            {
                variants.Add(new SplitVariant(name, weight.Value, node));
            }
        }
        var broken = problems.Count > before;
        if (!broken && Math.Abs(total - 100) > 1e-9)
        {
            // Reported without dropping the node, so that the same answer lists what the variants' nodes refer to.
            problems.Add(Invalid(at + ".variants", $"The variants' weights add up to {Format(total)}; they must add up to 100."));
        }
        return broken ? null : new SplitNode(path, variants);
    }

    private static ShadowNode? Shadow(JsonElement body, string path, string at, int depth, List<SpecProblem> problems)
    {
        if (!Object(body, at, "{\"primary\": NODE, \"candidates\": [NODE]}", problems))
        {
            return null;
        }
        Unknown(body, at, ["primary", "candidates"], "a shadow", problems);
        var before = problems.Count;
        var primary = ChildNode(body, "primary", at, depth, problems);
        var candidates = new List<EndpointNode>();
        foreach (var (item, itemPath) in Items(body, "candidates", at, "a shadow", problems))
        {
            if (Node(item, itemPath, depth + 1, problems) is { } candidate)
            {
                candidates.Add(candidate);
            }
        }
        return problems.Count > before || primary is null ? null : new ShadowNode(path, primary, candidates);
    }

    private static CanaryNode? Canary(JsonElement body, string path, string at, int depth, List<SpecProblem> problems)
    {
        if (!Object(body, at, "{\"stable\": NODE, \"candidate\": NODE, \"percent\": 10, \"rollback\": {...}}", problems))
        {
            return null;
        }
        Unknown(body, at, ["stable", "candidate", "percent", "rollback"], "a canary", problems);
        var before = problems.Count;
        var stable = ChildNode(body, "stable", at, depth, problems);
        var candidate = ChildNode(body, "candidate", at, depth, problems);
        var percent = Number(body, "percent", at + ".percent", required: true, problems);
        if (percent is < 0 or > 100)
        {
            problems.Add(Invalid(at + ".percent", $"The canary's percent is from 0 to 100; {Format(percent.Value)} is not."));
        }
        RollbackRule rule = new(null, null, 0);
        if (body.TryGetProperty("rollback", out var rollback))
        {
            var rollbackPath = at + ".rollback";
            if (Object(rollback, rollbackPath, "{\"maxErrorRate\": 0.05, \"maxP99Ms\": 50, \"minRequests\": 100}", problems))
            {
                Unknown(rollback, rollbackPath, ["maxErrorRate", "maxP99Ms", "minRequests"], "a rollback rule", problems);
                var errorRate = Number(rollback, "maxErrorRate", rollbackPath + ".maxErrorRate", required: false, problems);
                if (errorRate is < 0 or > 1)
                {
                    problems.Add(Invalid(rollbackPath + ".maxErrorRate", "maxErrorRate is a fraction from 0 to 1."));
                }
                var p99 = Number(rollback, "maxP99Ms", rollbackPath + ".maxP99Ms", required: false, problems);
                if (p99 is <= 0)
                {
                    problems.Add(Invalid(rollbackPath + ".maxP99Ms", "maxP99Ms is a positive number of milliseconds."));
                }
                var minRequests = Number(rollback, "minRequests", rollbackPath + ".minRequests", required: false, problems) ?? 100;
                if (minRequests < 1 || minRequests != Math.Floor(minRequests) || minRequests > 1_000_000)
                {
                    problems.Add(Invalid(rollbackPath + ".minRequests", "minRequests is a whole number from 1 to 1000000."));
                }
                rule = new RollbackRule(errorRate, p99, (int)Math.Clamp(minRequests, 1, 1_000_000));
            }
        }
        return problems.Count > before || stable is null || candidate is null || percent is null
            ? null
            : new CanaryNode(path, stable, candidate, percent.Value, rule);
    }

    private static EnsembleNode? Ensemble(JsonElement body, string path, string at, int depth, List<SpecProblem> problems)
    {
        if (!Object(body, at, "{\"combine\": \"mean\", \"output\": \"Probability\", \"members\": [{\"node\": NODE, \"weight\": 1}]}", problems))
        {
            return null;
        }
        Unknown(body, at, ["combine", "output", "members"], "an ensemble", problems);
        var before = problems.Count;
        var combineText = RequiredString(body, "combine", at + ".combine", problems);
        CombineRule? combine = combineText switch
        {
            null => null,
            "mean" => CombineRule.Mean,
            "weightedMean" => CombineRule.WeightedMean,
            "vote" => CombineRule.Vote,
            _ => null,
        };
        if (combineText is not null && combine is null)
        {
            problems.Add(Invalid(at + ".combine", $"'{combineText}' is not a combine rule; use mean, weightedMean or vote."));
        }
        var output = RequiredString(body, "output", at + ".output", problems);
        var members = new List<EnsembleMember>();
        foreach (var (item, itemPath) in Items(body, "members", at, "an ensemble", problems))
        {
            if (!Object(item, itemPath, "{\"node\": NODE, \"weight\": 1}", problems))
            {
                continue;
            }
            Unknown(item, itemPath, ["node", "weight"], "an ensemble member", problems);
            var weight = Number(item, "weight", itemPath + ".weight", required: false, problems) ?? 1;
            if (weight <= 0)
            {
                problems.Add(Invalid(itemPath + ".weight", "A member's weight is a positive number."));
            }
            if (ChildNode(item, "node", itemPath, depth, problems) is { } node)
            {
                members.Add(new EnsembleMember(node, weight));
            }
        }
        if (problems.Count == before && members.Count < 2)
        {
            problems.Add(Invalid(at + ".members", "An ensemble needs at least two members."));
        }
        return problems.Count > before ? null : new EnsembleNode(path, combine!.Value, output!, members);
    }

    private static ChainNode? Chain(JsonElement body, string path, string at, int depth, List<SpecProblem> problems)
    {
        if (body.ValueKind != JsonValueKind.Array)
        {
            problems.Add(Invalid(at, "\"chain\" is an array of nodes: [NODE, NODE]."));
            return null;
        }
        var before = problems.Count;
        var steps = new List<EndpointNode>();
        var index = 0;
        foreach (var item in body.EnumerateArray())
        {
            if (Node(item, $"{at}[{index++}]", depth + 1, problems) is { } step)
            {
                steps.Add(step);
            }
        }
        if (problems.Count == before && steps.Count < 2)
        {
            problems.Add(Invalid(at, "A chain needs at least two nodes."));
        }
        return problems.Count > before ? null : new ChainNode(path, steps);
    }

    private static SegmentNode? Segment(JsonElement body, string path, string at, int depth, List<SpecProblem> problems)
    {
        if (!Object(body, at, "{\"rules\": [{\"when\": \"expr\", \"node\": NODE}], \"default\": NODE}", problems))
        {
            return null;
        }
        Unknown(body, at, ["rules", "default"], "a segment", problems);
        var before = problems.Count;
        var rules = new List<SegmentRule>();
        foreach (var (item, itemPath) in Items(body, "rules", at, "a segment", problems))
        {
            if (!Object(item, itemPath, "{\"when\": \"expr\", \"node\": NODE}", problems))
            {
                continue;
            }
            Unknown(item, itemPath, ["when", "node"], "a segment rule", problems);
            var when = RequiredString(item, "when", itemPath + ".when", problems);
            var node = ChildNode(item, "node", itemPath, depth, problems);
            if (when is not null && node is not null)
            {
                rules.Add(new SegmentRule(when, node));
            }
        }
        var fallback = ChildNode(body, "default", at, depth, problems);
        return problems.Count > before || fallback is null ? null : new SegmentNode(path, rules, fallback);
    }

    private static NestedEndpointNode? Nested(JsonElement body, string path, string at, List<SpecProblem> problems)
    {
        if (body.ValueKind != JsonValueKind.String || !Names.IsValid(body.GetString()))
        {
            problems.Add(new SpecProblem(ErrorCodes.InvalidName, "\"endpoint\" is the name of another endpoint of the tenant.", at));
            return null;
        }
        return new NestedEndpointNode(path, body.GetString()!);
    }

    private static List<FeatureEnrichment> Enrichments(JsonElement json, List<SpecProblem> problems)
    {
        var result = new List<FeatureEnrichment>();
        if (json.ValueKind != JsonValueKind.Array)
        {
            problems.Add(Invalid("enrich", "\"enrich\" is an array of {\"featureSet\", \"entity\", \"features\", \"missing\", \"default\"}."));
            return result;
        }
        var index = 0;
        foreach (var item in json.EnumerateArray())
        {
            var path = $"enrich[{index++}]";
            if (!Object(item, path, "{\"featureSet\": \"card\", \"entity\": \"cardId\", \"features\": [\"amount_avg_10m\"], \"missing\": \"fail\"}", problems))
            {
                continue;
            }
            Unknown(item, path, ["featureSet", "entity", "features", "missing", "default"], "an enrichment", problems);
            var before = problems.Count;
            var set = RequiredString(item, "featureSet", path + ".featureSet", problems);
            if (set is not null && !Names.IsValid(set))
            {
                problems.Add(new SpecProblem(ErrorCodes.InvalidName, $"'{set}' is not a valid feature set name.", path + ".featureSet"));
            }
            var entity = RequiredString(item, "entity", path + ".entity", problems);
            var features = new List<string>();
            if (!item.TryGetProperty("features", out var featuresJson) || featuresJson.ValueKind != JsonValueKind.Array
                || featuresJson.GetArrayLength() == 0 || featuresJson.EnumerateArray().Any(f => f.ValueKind != JsonValueKind.String))
            {
                problems.Add(Invalid(path + ".features", "\"features\" is a non-empty array of feature names."));
            }
            else
            {
                features.AddRange(featuresJson.EnumerateArray().Select(f => f.GetString()!));
            }
            var missingText = OptionalString(item, "missing", path + ".missing", problems) ?? "fail";
            MissingFeaturePolicy? missing = missingText switch
            {
                "fail" => MissingFeaturePolicy.Fail,
                "default" => MissingFeaturePolicy.Default,
                _ => null,
            };
            if (missing is null)
            {
                problems.Add(Invalid(path + ".missing", $"'{missingText}' is not a missing-feature policy; use fail or default."));
            }
            object? fallback = null;
            if (item.TryGetProperty("default", out var defaultJson))
            {
                fallback = defaultJson.ValueKind switch
                {
                    JsonValueKind.Number => defaultJson.GetDouble(),
                    JsonValueKind.String => defaultJson.GetString(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => null,
                };
                if (fallback is null)
                {
                    problems.Add(Invalid(path + ".default", "\"default\" is a number, a string or a bool."));
                }
            }
            else if (missing == MissingFeaturePolicy.Default)
            {
                problems.Add(Invalid(path + ".default", "\"missing\": \"default\" needs the \"default\" value to use."));
            }
            if (problems.Count == before)
            {
                result.Add(new FeatureEnrichment(path, set!, entity!, features, missing!.Value, fallback));
            }
        }
        return result;
    }

    private static BatchingSpec? Batching(JsonElement json, List<SpecProblem> problems)
    {
        if (!Object(json, "batching", "{\"maxBatchSize\": 64, \"maxQueueDelayMs\": 2}", problems))
        {
            return null;
        }
        Unknown(json, "batching", ["maxBatchSize", "maxQueueDelayMs"], "batching", problems);
        var size = Number(json, "maxBatchSize", "batching.maxBatchSize", required: true, problems);
        var delay = Number(json, "maxQueueDelayMs", "batching.maxQueueDelayMs", required: true, problems);
        if (size is { } s && (s < 1 || s != Math.Floor(s) || s > 100_000))
        {
            problems.Add(Invalid("batching.maxBatchSize", "maxBatchSize is a whole number from 1 to 100000."));
            return null;
        }
        if (delay is < 0 or > 10_000)
        {
            problems.Add(Invalid("batching.maxQueueDelayMs", "maxQueueDelayMs is from 0 to 10000 milliseconds."));
            return null;
        }
        return size is null || delay is null ? null : new BatchingSpec((int)size.Value, delay.Value);
    }

    private static EndpointNode? ChildNode(JsonElement parent, string property, string parentPath, int depth, List<SpecProblem> problems)
    {
        if (!parent.TryGetProperty(property, out var json))
        {
            problems.Add(Invalid($"{parentPath}.{property}", $"\"{property}\" is required: a node."));
            return null;
        }
        return Node(json, $"{parentPath}.{property}", depth + 1, problems);
    }

    private static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement parent, string property, string parentPath, string what, List<SpecProblem> problems)
    {
        var path = $"{parentPath}.{property}";
        if (!parent.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            problems.Add(Invalid(path, $"{Capital(what)} needs \"{property}\", a non-empty array."));
            yield break;
        }
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            yield return (item, $"{path}[{index++}]");
        }
    }

    private static bool Object(JsonElement json, string path, string example, List<SpecProblem> problems)
    {
        if (json.ValueKind == JsonValueKind.Object)
        {
            return true;
        }
        problems.Add(Invalid(path, $"Expected an object: {example}."));
        return false;
    }

    private static void Unknown(JsonElement json, string path, string[] known, string what, List<SpecProblem> problems)
    {
        foreach (var property in json.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                var at = path == "$" ? property.Name : $"{path}.{property.Name}";
                problems.Add(Invalid(at, $"{Capital(what)} has no property '{property.Name}'; it has {string.Join(", ", known)}."));
            }
        }
    }

    private static string? RequiredString(JsonElement json, string property, string path, List<SpecProblem> problems)
    {
        if (json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            return text;
        }
        problems.Add(Invalid(path, $"\"{property}\" is required: a non-empty string."));
        return null;
    }

    private static string? OptionalString(JsonElement json, string property, string path, List<SpecProblem> problems)
    {
        if (!json.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }
        problems.Add(Invalid(path, $"\"{property}\" is a string."));
        return null;
    }

    private static double? Number(JsonElement json, string property, string path, bool required, List<SpecProblem> problems)
    {
        if (!json.TryGetProperty(property, out var value))
        {
            if (required)
            {
                problems.Add(Invalid(path, $"\"{property}\" is required: a number."));
            }
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }
        problems.Add(Invalid(path, $"\"{property}\" is a number."));
        return null;
    }

    private static SpecProblem Invalid(string path, string message) => new(ErrorCodes.InvalidEndpoint, message, path);

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
