using System.Text.Json;
using Mle.Errors;
using Mle.Naming;
using Mle.Serving.Expressions;

namespace Mle.Pipelines;

/// <summary>
/// Reads the fixed JSON shape of a pipeline definition (issue 9) into a <see cref="PipelineDefinition"/>, with every
/// problem of its shape at once: missing or mistyped properties, unknown properties (a typo such as <c>"exp"</c>
/// otherwise silently drops a filter), unknown step types and sink kinds, bad names. Meaning (references, cycles,
/// expressions, models) is the <see cref="PipelineValidator"/>'s part.
/// </summary>
public static class PipelineDefinitionReader
{
    private static readonly string[] RootProperties = ["name", "kind", "description", "source", "steps"];
    private static readonly string[] SourceProperties = ["type", "namespace", "schema"];
    private static readonly string[] StepTypes = [FilterStep.TypeName, MapStep.TypeName, FeaturizeStep.TypeName, EnrichStep.TypeName, ScoreStep.TypeName, SinkStep.TypeName];
    private static readonly string[] SinkKinds = [SinkStep.Webhook, SinkStep.Stream, SinkStep.ToFeatureSet];

    public static PipelineReading Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
            return Read(document.RootElement);
        }
        catch (JsonException error)
        {
            return new PipelineReading(null,
                [new DefinitionProblem(ErrorCodes.InvalidRequest, $"The definition is not valid JSON: {error.Message}", "$")],
                new HashSet<string>());
        }
    }

    public static PipelineReading Read(JsonElement root)
    {
        var problems = new List<DefinitionProblem>();
        var unread = new HashSet<string>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add(Invalid("$", "The definition must be a JSON object."));
            return new PipelineReading(null, problems, unread);
        }
        Unknown(root, "$", RootProperties, "a pipeline", problems);
        var name = RequiredString(root, "name", "name", problems);
        if (name is not null && !Names.IsValid(name))
        {
            problems.Add(new DefinitionProblem(ErrorCodes.InvalidName, $"'{name}' is not a valid pipeline name: use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit.", "name"));
        }
        var kind = OptionalString(root, "kind", "kind", problems) ?? PipelineDefinition.Streaming;
        if (kind != PipelineDefinition.Streaming)
        {
            problems.Add(Invalid("kind", $"'{kind}' is not a pipeline kind; the only kind is '{PipelineDefinition.Streaming}'."));
        }
        var source = root.TryGetProperty("source", out var sourceJson)
            ? Source(sourceJson, problems)
            : Missing("source", "the source ({\"type\": \"rest\"} or {\"type\": \"stream\", \"namespace\": \"...\"})", problems);
        var steps = new List<PipelineStep>();
        if (!root.TryGetProperty("steps", out var stepsJson) || stepsJson.ValueKind != JsonValueKind.Array)
        {
            problems.Add(Invalid("steps", "The definition needs 'steps', an array of steps."));
        }
        else
        {
            var index = 0;
            foreach (var stepJson in stepsJson.EnumerateArray())
            {
                var path = $"steps[{index++}]";
                var step = Step(stepJson, path, problems, out var stepName, out var after);
                if (step is null)
                {
                    unread.Add(stepName ?? "");
                }
                steps.Add(step ?? new UnreadStep(stepName ?? "", after));
            }
            if (index == 0)
            {
                problems.Add(Invalid("steps", "A pipeline needs at least one step."));
            }
        }
        var definition = new PipelineDefinition(name ?? "", kind, source ?? new PipelineSource(PipelineSource.Rest), [.. steps]);
        return new PipelineReading(definition, problems, unread);
    }

    private static PipelineSource? Source(JsonElement json, List<DefinitionProblem> problems)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            problems.Add(Invalid("source", "The source must be an object such as {\"type\": \"rest\"}."));
            return null;
        }
        Unknown(json, "source", SourceProperties, "a source", problems);
        var type = RequiredString(json, "type", "source.type", problems);
        var ns = OptionalString(json, "namespace", "source.namespace", problems);
        if (type is PipelineSource.Stream && ns is null)
        {
            problems.Add(Invalid("source.namespace", "A stream source needs the 'namespace' of the mle stream provider it reads."));
        }
        else if (type is PipelineSource.Rest && ns is not null)
        {
            problems.Add(Invalid("source.namespace", "A rest source takes no 'namespace'; events are pushed to POST /api/v1/pipelines/{name}/events."));
        }
        else if (type is not null and not (PipelineSource.Rest or PipelineSource.Stream))
        {
            problems.Add(Invalid("source.type", $"'{type}' is not a source type; use 'rest' or 'stream'."));
        }
        if (ns is not null && !Names.IsValid(ns))
        {
            problems.Add(new DefinitionProblem(ErrorCodes.InvalidName, $"'{ns}' is not a valid stream namespace.", "source.namespace"));
        }
        Dictionary<string, string>? schema = null;
        if (json.TryGetProperty("schema", out var schemaJson))
        {
            schema = Schema(schemaJson, problems);
        }
        return type is null ? null : new PipelineSource(type, ns, schema);
    }

    private static Dictionary<string, string>? Schema(JsonElement json, List<DefinitionProblem> problems)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            problems.Add(Invalid("source.schema", "The schema must be an object of field name to type, such as {\"A\": \"number\", \"segment\": \"string\"}."));
            return null;
        }
        var schema = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in json.EnumerateObject())
        {
            var path = $"source.schema.{field.Name}";
            if (!FieldNames.IsValid(field.Name))
            {
                problems.Add(new DefinitionProblem(ErrorCodes.InvalidName, $"'{field.Name}' cannot be a field: {FieldNames.Rule}.", path));
            }
            var type = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : null;
            if (type is null || (FieldType.FromName(type) is null && !string.Equals(type, "vector", StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add(Invalid(path, $"The type of '{field.Name}' must be one of {FieldType.Names}, vector."));
                continue;
            }
            schema[field.Name] = type;
        }
        return schema;
    }

    private static PipelineStep? Step(JsonElement json, string path, List<DefinitionProblem> problems, out string? name, out string[]? after)
    {
        name = null;
        after = null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            problems.Add(Invalid(path, "A step must be an object with a name and a type."));
            return null;
        }
        name = RequiredString(json, "name", path + ".name", problems);
        if (name is not null && !Names.IsValid(name))
        {
            problems.Add(new DefinitionProblem(ErrorCodes.InvalidName, $"'{name}' is not a valid step name: use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit.", path + ".name"));
        }
        var type = RequiredString(json, "type", path + ".type", problems);
        after = After(json, path, problems);
        if (type is null)
        {
            return null;
        }
        if (!StepTypes.Contains(type, StringComparer.Ordinal))
        {
            problems.Add(new DefinitionProblem(ErrorCodes.UnknownStepType, $"Step '{name}' has type '{type}', which is none of {string.Join(", ", StepTypes)}.", path + ".type"));
            return null;
        }
        var before = problems.Count;
        PipelineStep? step = type switch
        {
            FilterStep.TypeName => Filter(json, path, name, after, problems),
            MapStep.TypeName => Map(json, path, name, after, problems),
            FeaturizeStep.TypeName => Featurize(json, path, name, after, problems),
            EnrichStep.TypeName => Enrich(json, path, name, after, problems),
            ScoreStep.TypeName => Score(json, path, name, after, problems),
            _ => Sink(json, path, name, after, problems),
        };
        return name is null || problems.Count > before ? null : step;
    }

    private static FilterStep? Filter(JsonElement json, string path, string? name, string[]? after, List<DefinitionProblem> problems)
    {
        Unknown(json, path, ["name", "type", "after", "expr"], "a filter step", problems);
        var expr = RequiredString(json, "expr", path + ".expr", problems);
        return expr is null ? null : new FilterStep(name ?? "", after, expr);
    }

    private static MapStep? Map(JsonElement json, string path, string? name, string[]? after, List<DefinitionProblem> problems)
    {
        Unknown(json, path, ["name", "type", "after", "set"], "a map step", problems);
        if (!json.TryGetProperty("set", out var set) || set.ValueKind != JsonValueKind.Object || !set.EnumerateObject().Any())
        {
            problems.Add(Invalid(path + ".set", "A map step needs 'set', an object of field name to expression, such as {\"C\": \"A + B\"}."));
            return null;
        }
        var assignments = new List<FieldAssignment>();
        foreach (var field in set.EnumerateObject())
        {
            var fieldPath = $"{path}.set.{field.Name}";
            if (!FieldNames.IsValid(field.Name))
            {
                problems.Add(new DefinitionProblem(ErrorCodes.InvalidName, $"'{field.Name}' cannot be a field: {FieldNames.Rule}.", fieldPath));
            }
            if (field.Value.ValueKind != JsonValueKind.String)
            {
                problems.Add(Invalid(fieldPath, $"The value of '{field.Name}' must be an expression, as a string."));
                continue;
            }
            if (assignments.Any(a => a.Field == field.Name))
            {
                problems.Add(Invalid(fieldPath, $"'{field.Name}' is set twice."));
                continue;
            }
            assignments.Add(new FieldAssignment(field.Name, field.Value.GetString()!));
        }
        return new MapStep(name ?? "", after, [.. assignments]);
    }

    private static FeaturizeStep? Featurize(JsonElement json, string path, string? name, string[]? after, List<DefinitionProblem> problems)
    {
        Unknown(json, path, ["name", "type", "after", "featureSet", "entity"], "a featurize step", problems);
        var featureSet = RequiredName(json, "featureSet", path, problems);
        var entity = RequiredField(json, "entity", path, problems);
        return featureSet is null || entity is null ? null : new FeaturizeStep(name ?? "", after, featureSet, entity);
    }

    private static EnrichStep? Enrich(JsonElement json, string path, string? name, string[]? after, List<DefinitionProblem> problems)
    {
        Unknown(json, path, ["name", "type", "after", "featureSet", "entity", "features"], "an enrich step", problems);
        var featureSet = RequiredName(json, "featureSet", path, problems);
        var entity = RequiredField(json, "entity", path, problems);
        string[]? features = null;
        if (json.TryGetProperty("features", out var list))
        {
            features = StringArray(list, path + ".features", "'features' must be an array of feature names.", problems);
            if (features is { Length: 0 })
            {
                problems.Add(Invalid(path + ".features", "'features' names at least one feature; leave it out to add them all."));
            }
        }
        return featureSet is null || entity is null ? null : new EnrichStep(name ?? "", after, featureSet, entity, features);
    }

    private static ScoreStep? Score(JsonElement json, string path, string? name, string[]? after, List<DefinitionProblem> problems)
    {
        Unknown(json, path, ["name", "type", "after", "model", "output"], "a score step", problems);
        var model = RequiredString(json, "model", path + ".model", problems);
        var output = OptionalString(json, "output", path + ".output", problems) ?? ScoreStep.DefaultOutput;
        if (!FieldNames.IsValid(output))
        {
            problems.Add(new DefinitionProblem(ErrorCodes.InvalidName, $"'{output}' cannot be a field: {FieldNames.Rule}.", path + ".output"));
        }
        return model is null ? null : new ScoreStep(name ?? "", after, model, output);
    }

    private static SinkStep? Sink(JsonElement json, string path, string? name, string[]? after, List<DefinitionProblem> problems)
    {
        var to = RequiredString(json, "to", path + ".to", problems);
        switch (to)
        {
            case null:
                return null;
            case SinkStep.Webhook:
                Unknown(json, path, ["name", "type", "after", "to", "url"], "a webhook sink", problems);
                var url = RequiredString(json, "url", path + ".url", problems);
                if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
                {
                    problems.Add(Invalid(path + ".url", $"'{url}' is not an absolute http or https URL."));
                }
                return url is null ? null : new SinkStep(name ?? "", after, to, Url: url);
            case SinkStep.Stream:
                Unknown(json, path, ["name", "type", "after", "to", "namespace"], "a stream sink", problems);
                var ns = RequiredName(json, "namespace", path, problems);
                return ns is null ? null : new SinkStep(name ?? "", after, to, Namespace: ns);
            case SinkStep.ToFeatureSet:
                Unknown(json, path, ["name", "type", "after", "to", "featureSet", "entity"], "a featureSet sink", problems);
                var featureSet = RequiredName(json, "featureSet", path, problems);
                var entity = RequiredField(json, "entity", path, problems);
                return featureSet is null || entity is null ? null : new SinkStep(name ?? "", after, to, FeatureSet: featureSet, Entity: entity);
            default:
                problems.Add(Invalid(path + ".to", $"'{to}' is not a sink; use {string.Join(", ", SinkKinds)}."));
                return null;
        }
    }

    private static string[]? After(JsonElement json, string path, List<DefinitionProblem> problems) =>
        json.TryGetProperty("after", out var after)
            ? StringArray(after, path + ".after", "'after' must be an array of step names.", problems)
            : null;

    private static string[]? StringArray(JsonElement json, string path, string message, List<DefinitionProblem> problems)
    {
        if (json.ValueKind != JsonValueKind.Array || json.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            problems.Add(Invalid(path, message));
            return null;
        }
        return [.. json.EnumerateArray().Select(e => e.GetString()!)];
    }

    private static string? RequiredName(JsonElement json, string property, string path, List<DefinitionProblem> problems)
    {
        var value = RequiredString(json, property, $"{path}.{property}", problems);
        if (value is not null && !Names.IsValid(value))
        {
            problems.Add(new DefinitionProblem(ErrorCodes.InvalidName, $"'{value}' is not a valid {property} name.", $"{path}.{property}"));
            return null;
        }
        return value;
    }

    private static string? RequiredField(JsonElement json, string property, string path, List<DefinitionProblem> problems)
    {
        var value = RequiredString(json, property, $"{path}.{property}", problems);
        if (value is not null && !FieldNames.IsValid(value))
        {
            problems.Add(new DefinitionProblem(ErrorCodes.InvalidName, $"'{value}' cannot be a field: {FieldNames.Rule}.", $"{path}.{property}"));
            return null;
        }
        return value;
    }

    private static string? RequiredString(JsonElement json, string property, string path, List<DefinitionProblem> problems)
    {
        if (json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            return text;
        }
        problems.Add(Invalid(path, $"'{property}' is required, as a non-empty string."));
        return null;
    }

    private static string? OptionalString(JsonElement json, string property, string path, List<DefinitionProblem> problems)
    {
        if (!json.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            return text;
        }
        problems.Add(Invalid(path, $"'{property}' must be a non-empty string."));
        return null;
    }

    private static void Unknown(JsonElement json, string path, string[] known, string what, List<DefinitionProblem> problems)
    {
        foreach (var property in json.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                problems.Add(Invalid(path == "$" ? property.Name : $"{path}.{property.Name}",
                    $"'{property.Name}' is not a property of {what}; it has {string.Join(", ", known)}."));
            }
        }
    }

    private static PipelineSource? Missing(string path, string what, List<DefinitionProblem> problems)
    {
        problems.Add(Invalid(path, $"The definition needs {what}."));
        return null;
    }

    private static DefinitionProblem Invalid(string path, string message) => new(ErrorCodes.InvalidRequest, message, path);
}
