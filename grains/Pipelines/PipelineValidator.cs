using Microsoft.Extensions.Options;
using Mle.Errors;
using Mle.Naming;
using Mle.Schema;
using Mle.Serving.Expressions;

namespace Mle.Pipelines;

/// <summary>
/// Checks a whole definition and returns every problem at once, or its <see cref="PipelinePlan"/>: duplicate step
/// names, <c>after</c> naming no step, cycles, expressions that do not parse or type-check against the fields a record
/// has at that step, feature sets, features and models that do not exist, a record that lacks a model input or holds
/// it with another type, and joins whose inputs disagree on a field's type.
/// The fields of the source's events are its declared <c>schema</c> or, without one, the inputs of every model the
/// pipeline scores with that no step computes, plus the entity fields its feature steps name (as strings).
/// </summary>
public sealed class PipelineValidator(ExpressionCompiler expressions, IOptions<PipelinesOptions>? options = null)
{
    private readonly string[]? _webhookHosts = options?.Value.WebhookAllowedHosts;

    /// <summary>Reads <paramref name="json"/> and validates what it says; the problems of both come back together.</summary>
    public async Task<PipelineValidation> Validate(string json, string tenant, IPipelineCatalog catalog, CancellationToken cancellationToken = default)
    {
        var reading = PipelineDefinitionReader.Read(json);
        if (reading.Definition is null)
        {
            return new PipelineValidation(null, reading.Problems);
        }
        var validation = await Validate(reading.Definition, tenant, catalog, cancellationToken).ConfigureAwait(false);
        return reading.Problems.Count == 0
            ? validation
            : new PipelineValidation(null, [.. reading.Problems, .. validation.Problems]);
    }

    /// <summary>As <see cref="Validate(string, string, IPipelineCatalog, CancellationToken)"/>, throwing when there are problems.</summary>
    /// <exception cref="InvalidPipelineException">Every problem of the definition (400 <c>invalid_pipeline</c>).</exception>
    public async Task<PipelinePlan> Plan(string json, string tenant, IPipelineCatalog catalog, CancellationToken cancellationToken = default)
    {
        var validation = await Validate(json, tenant, catalog, cancellationToken).ConfigureAwait(false);
        return validation.Plan ?? throw MleErrors.InvalidPipeline(PipelineDefinitionReader.Read(json).Definition?.Name ?? "", validation.Problems);
    }

    public async Task<PipelineValidation> Validate(PipelineDefinition definition, string tenant, IPipelineCatalog catalog, CancellationToken cancellationToken = default)
    {
        var problems = new List<DefinitionProblem>();
        var steps = definition.Steps;
        var index = Names(steps, problems);
        var inputs = Inputs(steps, index, problems);
        var order = Order(steps, inputs, problems);
        var lookups = await Lookups.Find(definition, tenant, catalog, problems, cancellationToken).ConfigureAwait(false);
        var source = SourceFields(definition, lookups, problems);
        Endpoints(definition, problems);

        var outputs = new Dictionary<int, FieldSchema?>();
        var planned = new Dictionary<int, PlannedStep>();
        foreach (var i in order)
        {
            var step = steps[i];
            var input = InputFields(i, inputs[i], source, outputs, steps, problems);
            // A step with problems still passes on the fields it would add as far as they are known, so the steps
            // after it are checked too; only an unread step leaves its dependents unchecked.
            if (input is null)
            {
                outputs[i] = null;
                continue;
            }
            outputs[i] = Check(step, i, input, lookups, source.Inferred, problems, out var predicate, out var computed);
            if (outputs[i] is { } output)
            {
                planned[i] = new PlannedStep(step, [.. inputs[i].Select(j => steps[j].Name)], [], input, output, predicate, computed);
            }
        }
        if (problems.Count > 0)
        {
            return new PipelineValidation(null, problems);
        }
        var successors = order.ToDictionary(i => i, i => (IReadOnlyList<string>)[.. order.Where(j => inputs[j].Contains(i)).Select(j => steps[j].Name)]);
        var plan = new PipelinePlan(definition, source.Fields, [.. order.Select(i => planned[i] with { Outputs = successors[i] })]);
        return new PipelineValidation(plan, []);
    }

    /// <summary>Step name to index; duplicate names are problems (the first keeps the name).</summary>
    private static Dictionary<string, int> Names(PipelineStep[] steps, List<DefinitionProblem> problems)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Length; i++)
        {
            var name = steps[i].Name;
            if (name.Length == 0)
            {
                continue;
            }
            if (!index.TryAdd(name, i))
            {
                problems.Add(new DefinitionProblem(ErrorCodes.DuplicateStep,
                    $"Step name '{name}' is already used by steps[{index[name]}]; step names are unique within a pipeline.", $"steps[{i}].name"));
            }
        }
        return index;
    }

    /// <summary>Each step's inputs as indexes (the previous step when it names none); a name that is no step is a problem.</summary>
    private static List<int>[] Inputs(PipelineStep[] steps, Dictionary<string, int> index, List<DefinitionProblem> problems)
    {
        var inputs = new List<int>[steps.Length];
        for (var i = 0; i < steps.Length; i++)
        {
            inputs[i] = [];
            if (steps[i].After is not { } after)
            {
                if (i > 0)
                {
                    inputs[i].Add(i - 1);
                }
                continue;
            }
            foreach (var name in after.Distinct(StringComparer.Ordinal))
            {
                if (index.TryGetValue(name, out var j))
                {
                    inputs[i].Add(j);
                }
                else
                {
                    problems.Add(new DefinitionProblem(ErrorCodes.UnknownStep,
                        $"Step '{steps[i].Name}' comes after '{name}', which is not a step of this pipeline.", $"steps[{i}].after"));
                }
            }
        }
        return inputs;
    }

    /// <summary>
    /// A topological order, the step written first going first among those free to go. With cycles (each reported
    /// once), the order holds only the steps before them.
    /// </summary>
    private static List<int> Order(PipelineStep[] steps, List<int>[] inputs, List<DefinitionProblem> problems)
    {
        var waiting = inputs.Select(i => i.Count).ToArray();
        var ready = new SortedSet<int>(Enumerable.Range(0, steps.Length).Where(i => waiting[i] == 0));
        var order = new List<int>(steps.Length);
        while (ready.Count > 0)
        {
            var next = ready.Min;
            ready.Remove(next);
            order.Add(next);
            for (var j = 0; j < steps.Length; j++)
            {
                if (inputs[j].Contains(next) && --waiting[j] == 0)
                {
                    ready.Add(j);
                }
            }
        }
        if (order.Count == steps.Length)
        {
            return order;
        }
        // The steps placed before the cycles are still checked, so their problems come back with the cycles'.
        foreach (var cycle in Cycles(inputs, [.. Enumerable.Range(0, steps.Length).Except(order)]))
        {
            var names = cycle.Select(i => $"'{steps[i].Name}'").Append($"'{steps[cycle[0]].Name}'");
            problems.Add(new DefinitionProblem(ErrorCodes.PipelineCycle,
                $"Steps form a cycle: {string.Join(" after ", names)}; a record can never reach them.", $"steps[{cycle[0]}].after"));
        }
        return order;
    }

    /// <summary>The cycles among <paramref name="stuck"/> (the steps a topological sort could not place), one each, smallest index first.</summary>
    private static List<List<int>> Cycles(List<int>[] inputs, List<int> stuck)
    {
        var cycles = new List<List<int>>();
        var reported = new HashSet<int>();
        foreach (var start in stuck)
        {
            if (reported.Contains(start))
            {
                continue;
            }
            // Walk inputs backwards from start; every stuck step has a stuck input, so the walk must revisit a step.
            var path = new List<int> { start };
            var current = start;
            while (true)
            {
                current = inputs[current].First(stuck.Contains);
                var seen = path.IndexOf(current);
                if (seen >= 0)
                {
                    var cycle = path[seen..];
                    if (cycle.All(reported.Add))
                    {
                        var first = cycle.IndexOf(cycle.Min());
                        cycles.Add([.. cycle[first..], .. cycle[..first]]);
                    }
                    break;
                }
                if (reported.Contains(current))
                {
                    break;
                }
                path.Add(current);
            }
        }
        return cycles;
    }

    private sealed record Source(FieldSchema Fields, bool Inferred);

    /// <summary>Where events come from and go to outside the platform: a source namespace of its own, webhook hosts the silo allows.</summary>
    private void Endpoints(PipelineDefinition definition, List<DefinitionProblem> problems)
    {
        if (definition.Source is { Type: PipelineSource.Stream, Namespace: { } ns } && PipelineSourceStreams.Problem(ns) is { } wrong)
        {
            problems.Add(new DefinitionProblem(ErrorCodes.InvalidRequest, wrong, "source.namespace"));
        }
        for (var i = 0; i < definition.Steps.Length; i++)
        {
            if (definition.Steps[i] is SinkStep { To: SinkStep.Stream, Namespace: { } output } streamSink
                && output.StartsWith(PipelineSourceStreams.Prefix, StringComparison.Ordinal))
            {
                problems.Add(new DefinitionProblem(ErrorCodes.InvalidRequest,
                    $"Step '{streamSink.Name}' writes pipeline outputs to '{output}', but namespaces starting with '{PipelineSourceStreams.Prefix}' carry events into pipelines; choose another namespace, such as 'predictions'.",
                    $"steps[{i}].namespace"));
            }
            if (definition.Steps[i] is SinkStep { To: SinkStep.Webhook, Url: { } url } sink
                && Uri.TryCreate(url, UriKind.Absolute, out var uri) && !WebhookHosts.Allows(_webhookHosts, uri))
            {
                problems.Add(new DefinitionProblem(ErrorCodes.InvalidRequest,
                    uri.Scheme is "http" or "https"
                        ? $"Step '{sink.Name}' posts to host '{uri.Host}', which this platform does not allow webhooks to; the allowed hosts are {(_webhookHosts!.Length == 0 ? "none" : string.Join(", ", _webhookHosts))} ({PipelinesOptions.Section}:{nameof(PipelinesOptions.WebhookAllowedHosts)})."
                        : $"Step '{sink.Name}': a webhook URL is http or https, not '{uri.Scheme}'.",
                    $"steps[{i}].url"));
            }
        }
    }

    private static Source SourceFields(PipelineDefinition definition, Lookups lookups, List<DefinitionProblem> problems)
    {
        if (definition.Source.Schema is { } declared)
        {
            return new Source(FieldSchema.Of(declared.Select(f => KeyValuePair.Create(f.Key,
                FieldType.FromName(f.Value) ?? FieldType.Vector))), Inferred: false);
        }
        var produced = Produced(definition, lookups);
        var fields = new Dictionary<string, FieldType>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Steps.Length; i++)
        {
            switch (definition.Steps[i])
            {
                case ScoreStep score when lookups.Model(score) is { } model:
                    foreach (var column in model.Inputs.Where(c => !produced.Contains(c.Name)))
                    {
                        var type = FieldType.Of(column);
                        if (fields.TryGetValue(column.Name, out var other) && !other.Equals(type))
                        {
                            problems.Add(new DefinitionProblem(ErrorCodes.SchemaMismatch,
                                $"Step '{score.Name}': model '{score.Model}' reads '{column.Name}' as a {type}, but another model reads it as a {other}; declare the events' fields in source.schema.",
                                $"steps[{i}].model"));
                            continue;
                        }
                        fields[column.Name] = type;
                    }
                    break;
                case FeaturizeStep { Entity: var entity }:
                    fields.TryAdd(entity, FieldType.String);
                    break;
                case EnrichStep { Entity: var entity }:
                    fields.TryAdd(entity, FieldType.String);
                    break;
                case SinkStep { Entity: { } entity }:
                    fields.TryAdd(entity, FieldType.String);
                    break;
            }
        }
        foreach (var name in produced)
        {
            fields.Remove(name);
        }
        return new Source(FieldSchema.Of(fields), Inferred: true);
    }

    /// <summary>The fields some step computes: map targets, enriched features, score outputs.</summary>
    private static HashSet<string> Produced(PipelineDefinition definition, Lookups lookups)
    {
        var produced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in definition.Steps)
        {
            switch (step)
            {
                case MapStep map:
                    produced.UnionWith(map.Set.Select(a => a.Field));
                    break;
                case EnrichStep enrich when enrich.Features is { } features:
                    produced.UnionWith(features);
                    break;
                case EnrichStep enrich when lookups.FeatureSet(enrich.FeatureSet) is { } set:
                    produced.UnionWith(set.Features.Names);
                    break;
                case ScoreStep score:
                    produced.Add(score.Output);
                    break;
            }
        }
        return produced;
    }

    /// <summary>The fields a record has on the way into step <paramref name="i"/>, or null when an input is unknown (an unread or invalid step).</summary>
    private static FieldSchema? InputFields(int i, List<int> inputs, Source source, Dictionary<int, FieldSchema?> outputs, PipelineStep[] steps, List<DefinitionProblem> problems)
    {
        if (inputs.Count == 0)
        {
            return source.Fields;
        }
        FieldSchema? merged = null;
        foreach (var j in inputs)
        {
            if (outputs[j] is not { } fields)
            {
                return null;
            }
            if (merged is not null)
            {
                foreach (var name in fields.Names)
                {
                    if (merged.Find(name) is { } before && !before.Equals(fields.Find(name)))
                    {
                        problems.Add(new DefinitionProblem(ErrorCodes.SchemaMismatch,
                            $"Step '{steps[i].Name}' joins records whose field '{name}' is a {before} on one input and a {fields.Find(name)} after '{steps[j].Name}'.",
                            $"steps[{i}].after"));
                    }
                }
            }
            merged = merged is null ? fields : merged.With(fields);
        }
        return merged;
    }

    /// <summary>Checks one step against the fields it receives, adding its problems; the fields it passes on, or null for an unread step.</summary>
    private FieldSchema? Check(PipelineStep step, int i, FieldSchema input, Lookups lookups, bool inferred, List<DefinitionProblem> problems,
        out CompiledExpression? predicate, out IReadOnlyList<ComputedField> computed)
    {
        predicate = null;
        computed = [];
        var output = input;
        var path = $"steps[{i}]";
        switch (step)
        {
            case FilterStep filter:
                predicate = Compile(filter.Expr, input, ValueKind.Boolean, step, path + ".expr", inferred, problems);
                break;
            case MapStep map:
                var fields = new List<ComputedField>();
                foreach (var assignment in map.Set)
                {
                    var expression = Compile(assignment.Expr, input, null, step, $"{path}.set.{assignment.Field}", inferred, problems);
                    if (expression is not null)
                    {
                        fields.Add(new ComputedField(assignment.Field, expression));
                    }
                }
                computed = fields;
                output = input.With(FieldSchema.Of(fields.Select(f => KeyValuePair.Create(f.Field, TypeOf(f.Expression.ResultType)))));
                break;
            case FeaturizeStep featurize:
                Entity(featurize.Entity, input, step, path + ".entity", problems);
                lookups.RequireFeatureSet(featurize.FeatureSet, step, path + ".featureSet", problems);
                break;
            case EnrichStep enrich:
                Entity(enrich.Entity, input, step, path + ".entity", problems);
                if (lookups.RequireFeatureSet(enrich.FeatureSet, step, path + ".featureSet", problems) is { } set)
                {
                    var added = FieldSchema.Empty;
                    foreach (var feature in enrich.Features ?? [.. set.Features.Names])
                    {
                        if (set.Features.Find(feature) is { } type)
                        {
                            added = added.With(feature, type);
                        }
                        else
                        {
                            problems.Add(new DefinitionProblem(ErrorCodes.UnknownFeature,
                                $"Step '{step.Name}': feature set '{set.Name}' has no feature '{feature}'; it has {string.Join(", ", set.Features.Names)}.",
                                path + ".features"));
                        }
                    }
                    output = input.With(added);
                }
                break;
            case ScoreStep score:
                if (lookups.RequireModel(score, path + ".model", problems) is { } model)
                {
                    Inputs(score, model, input, path, inferred, problems);
                    output = input.With(score.Output, FieldType.Object(FieldSchema.OfOutputs(model)));
                }
                break;
            case SinkStep { To: SinkStep.ToFeatureSet } sink:
                Entity(sink.Entity!, input, step, path + ".entity", problems);
                lookups.RequireFeatureSet(sink.FeatureSet!, step, path + ".featureSet", problems);
                break;
            case SinkStep:
                break;
            default:
                return null;
        }
        return output;
    }

    private CompiledExpression? Compile(string text, FieldSchema input, ValueKind? resultType, PipelineStep step, string path, bool inferred, List<DefinitionProblem> problems)
    {
        var compilation = expressions.TryCompile(text, input, resultType);
        foreach (var problem in compilation.Problems)
        {
            var hint = inferred && problem.Code == ErrorCodes.UnknownField ? " Declare the events' fields in source.schema." : "";
            problems.Add(new DefinitionProblem(problem.Code, $"Step '{step.Name}': {problem.Message}{hint}", path, problem.Position));
        }
        if (compilation.Expression is { ResultType: ValueKind.Null })
        {
            problems.Add(new DefinitionProblem(ErrorCodes.ExpressionTypeMismatch, $"Step '{step.Name}': '{text}' is always null; a computed field needs a number, a string or a bool.", path, 0));
            return null;
        }
        return compilation.Expression;
    }

    private static FieldType TypeOf(ValueKind kind) => kind switch
    {
        ValueKind.String => FieldType.String,
        ValueKind.Boolean => FieldType.Boolean,
        _ => FieldType.Number,
    };

    private static void Entity(string entity, FieldSchema input, PipelineStep step, string path, List<DefinitionProblem> problems)
    {
        var type = input.Find(entity);
        if (type is null)
        {
            problems.Add(new DefinitionProblem(ErrorCodes.UnknownField,
                $"Step '{step.Name}' keys by field '{entity}', which records do not have at this step.", path));
        }
        else if (type.Kind is not (ValueKind.String or ValueKind.Number))
        {
            problems.Add(new DefinitionProblem(ErrorCodes.SchemaMismatch,
                $"Step '{step.Name}' keys by field '{entity}', a {type}; an entity key is a string or a number.", path));
        }
    }

    /// <summary>Every model input must be a field of the record, of a matching type.</summary>
    private static void Inputs(ScoreStep score, ModelSchema model, FieldSchema input, string path, bool inferred, List<DefinitionProblem> problems)
    {
        foreach (var column in model.Inputs)
        {
            var wanted = FieldType.Of(column);
            var actual = input.Find(column.Name);
            if (actual is null)
            {
                problems.Add(new DefinitionProblem(ErrorCodes.SchemaMismatch,
                    $"Step '{score.Name}': model '{score.Model}' needs input '{column.Name}' ({column.Kind.DisplayName()}{(wanted.Kind == ValueKind.Vector ? " vector" : "")}), which records do not have at this step.",
                    path + ".model"));
            }
            else if (!actual.Equals(wanted))
            {
                problems.Add(new DefinitionProblem(ErrorCodes.SchemaMismatch,
                    $"Step '{score.Name}': model '{score.Model}' needs input '{column.Name}' as a {wanted}, but records hold it as a {actual}{(inferred ? "" : " (source.schema)")}.",
                    path + ".model"));
            }
        }
    }

    /// <summary>The feature sets and models a definition names, each looked up once, before any step is checked.</summary>
    private sealed class Lookups
    {
        private readonly Dictionary<string, PipelineFeatureSet?> _featureSets = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ModelSchema?> _models = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _modelErrors = new(StringComparer.Ordinal);

        public static async Task<Lookups> Find(PipelineDefinition definition, string tenant, IPipelineCatalog catalog, List<DefinitionProblem> problems, CancellationToken cancellationToken)
        {
            var lookups = new Lookups();
            foreach (var step in definition.Steps)
            {
                var featureSet = step switch
                {
                    FeaturizeStep f => f.FeatureSet,
                    EnrichStep e => e.FeatureSet,
                    SinkStep s => s.FeatureSet,
                    _ => null,
                };
                if (featureSet is not null && !lookups._featureSets.ContainsKey(featureSet))
                {
                    lookups._featureSets[featureSet] = await catalog.FindFeatureSet(tenant, featureSet, cancellationToken).ConfigureAwait(false);
                }
                if (step is ScoreStep score && !lookups._models.ContainsKey(score.Model) && !lookups._modelErrors.ContainsKey(score.Model))
                {
                    try
                    {
                        var (model, version) = score.Model.Contains('@', StringComparison.Ordinal)
                            ? VersionSelector.ParseQualified(score.Model)
                            : (Mle.Naming.Names.Require("model name", score.Model), VersionSelector.Default);
                        lookups._models[score.Model] = await catalog.FindModel(tenant, model, version, cancellationToken).ConfigureAwait(false);
                    }
                    catch (MleException error) when (error.Code is ErrorCodes.InvalidName or ErrorCodes.InvalidRequest)
                    {
                        lookups._modelErrors[score.Model] = error.Message;
                    }
                }
            }
            return lookups;
        }

        public PipelineFeatureSet? FeatureSet(string name) => _featureSets.GetValueOrDefault(name);

        public ModelSchema? Model(ScoreStep score) => _models.GetValueOrDefault(score.Model);

        public PipelineFeatureSet? RequireFeatureSet(string name, PipelineStep step, string path, List<DefinitionProblem> problems)
        {
            var set = FeatureSet(name);
            if (set is null)
            {
                problems.Add(new DefinitionProblem(ErrorCodes.FeatureSetNotFound, $"Step '{step.Name}' names feature set '{name}', which does not exist.", path));
            }
            return set;
        }

        public ModelSchema? RequireModel(ScoreStep score, string path, List<DefinitionProblem> problems)
        {
            if (_modelErrors.TryGetValue(score.Model, out var error))
            {
                problems.Add(new DefinitionProblem(ErrorCodes.InvalidName, $"Step '{score.Name}': {error}", path));
                return null;
            }
            var model = Model(score);
            if (model is null)
            {
                problems.Add(new DefinitionProblem(ErrorCodes.ModelNotFound,
                    $"Step '{score.Name}' scores with '{score.Model}', which names no model, alias or version that exists.", path));
            }
            return model;
        }
    }
}
