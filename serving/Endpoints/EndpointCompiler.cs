using Mle.Errors;
using Mle.Features;
using Mle.Naming;
using Mle.Registry;
using Mle.Schema;
using Mle.Serving;
using Mle.Serving.Expressions;

namespace Mle.Endpoints;

/// <summary>
/// Checks a spec against what it names and compiles it, reporting every problem at once: unknown models (and
/// aliases, versions), unknown or cyclic nested endpoints, unknown feature sets and features, a column two nodes
/// need with different types, a chain step whose input an earlier step produces with another type, ensemble members
/// without a compatible output, and segment predicates, compiled against the request's columns, the enriched
/// features and, inside a chain, the earlier steps' outputs. Models are resolved as they are now (an alias's
/// current version); requests resolve them again, so an alias moved later is followed.
/// </summary>
public sealed class EndpointCompiler(IModelServing models, IEndpointEnvironment environment, ExpressionCompiler expressions)
{
    public async Task<EndpointCompilation> Compile(string tenant, string name, long version, EndpointSpec spec, CancellationToken cancellationToken = default)
    {
        var pass = new Pass(tenant, cancellationToken);
        pass.Stack.Add(name);
        var compiled = await CompileEndpoint(pass, name, version, spec, "").ConfigureAwait(false);
        return pass.Problems.Count > 0 ? new EndpointCompilation(null, pass.Problems) : new EndpointCompilation(compiled, []);
    }

    private async Task<CompiledEndpoint?> CompileEndpoint(Pass pass, string name, long version, EndpointSpec spec, string prefix)
    {
        var predicates = new List<PendingPredicate>();
        var splits = new List<SplitGraphNode>();
        var canaries = new List<string>();
        var scope = new Scope(name, prefix, predicates, splits, canaries, new Dictionary<string, ColumnSchema>(StringComparer.Ordinal));
        var (graph, shape) = await Node(pass, scope, spec.Graph).ConfigureAwait(false);

        // What enrichment adds, and so what requests need not carry.
        var enrichments = new List<CompiledEnrichment>();
        var enriched = new Dictionary<string, ColumnSchema>(StringComparer.Ordinal);
        foreach (var enrichment in spec.Enrich)
        {
            if (await Enrichment(pass, prefix, enrichment).ConfigureAwait(false) is { } compiled)
            {
                enrichments.Add(compiled);
                for (var i = 0; i < enrichment.Features.Count; i++)
                {
                    enriched[enrichment.Features[i]] = ColumnSchema.Scalar(enrichment.Features[i], compiled.Kinds[i]);
                }
            }
        }
        var inputs = new List<EndpointInput>();
        foreach (var need in shape is null ? [] : shape.Needs.Values.ToList())
        {
            if (enriched.TryGetValue(need.Name, out var feature))
            {
                if (!NodeShape.Fits(feature, need))
                {
                    pass.Problem(ErrorCodes.SchemaMismatch, $"Feature '{need.Name}' is {NodeShape.Describe(feature)}, but a model needs it as {NodeShape.Describe(need)}.", prefix + "enrich");
                }
                continue;
            }
            inputs.Add(new EndpointInput(need, Optional: false));
        }
        foreach (var optional in spec.Enrich.Select(e => e.Entity).Append(spec.EntityKey).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (inputs.All(i => i.Column.Name != optional) && !enriched.ContainsKey(optional))
            {
                inputs.Add(new EndpointInput(ColumnSchema.Scalar(optional, ScalarKind.String), Optional: true));
            }
        }

        // Predicates see every column a row can have where they stand.
        var fields = FieldSchema.Of(inputs.Select(i => KeyValuePair.Create(i.Column.Name, FieldType.Of(i.Column)))
            .Concat(enriched.Values.Select(e => KeyValuePair.Create(e.Name, FieldType.Of(e)))).DistinctBy(f => f.Key));
        foreach (var pending in predicates)
        {
            var available = fields.With(FieldSchema.Of(pending.Extra.Values.Select(e => KeyValuePair.Create(e.Name, FieldType.Of(e)))));
            var compilation = expressions.TryCompile(pending.Text, available, ValueKind.Boolean);
            if (compilation.Expression is { } predicate)
            {
                pending.Node?.SetPredicate(pending.Rule, predicate);
            }
            foreach (var problem in compilation.Problems)
            {
                pass.Problem(problem.Code, problem.Message, pending.Path);
            }
        }
        return graph is null || shape is null
            ? null
            : new CompiledEndpoint(pass.Tenant, name, version, spec, graph, enrichments, inputs, shape.Outputs, splits, canaries);
    }

    private async Task<(GraphNode? Node, NodeShape? Shape)> Node(Pass pass, Scope scope, EndpointNode node)
    {
        switch (node)
        {
            case ModelNode model:
                return await Model(pass, scope, model).ConfigureAwait(false);
            case SplitNode split:
            {
                var children = await Children(pass, scope, split.Variants.Select(v => v.Node)).ConfigureAwait(false);
                if (children.Any(c => c.Node is null))
                {
                    return (null, Routing(pass, scope, split.Path, children));
                }
                var compiled = new SplitGraphNode(scope.Endpoint, split, [.. children.Select(c => c.Node!)]);
                scope.Splits.Add(compiled);
                return (compiled, Routing(pass, scope, split.Path, children));
            }
            case CanaryNode canary:
            {
                var children = await Children(pass, scope, [canary.Stable, canary.Candidate]).ConfigureAwait(false);
                var shape = Routing(pass, scope, canary.Path, children);
                if (children.Any(c => c.Node is null))
                {
                    return (null, shape);
                }
                var compiled = new CanaryGraphNode(scope.Endpoint, canary, children[0].Node!, children[1].Node!);
                scope.Canaries.Add(compiled.CanaryId);
                return (compiled, shape);
            }
            case ShadowNode shadow:
            {
                var children = await Children(pass, scope, [shadow.Primary, .. shadow.Candidates]).ConfigureAwait(false);
                var needs = Union(pass, shadow.Path, children.Select(c => c.Shape));
                var shape = children[0].Shape is { } primary ? new NodeShape(needs, primary.Outputs) : null;
                return children.Any(c => c.Node is null)
                    ? (null, shape)
                    : (new ShadowGraphNode(scope.Endpoint, shadow.Path, children[0].Node!, [.. children.Skip(1).Select(c => c.Node!)]), shape);
            }
            case EnsembleNode ensemble:
                return await Ensemble(pass, scope, ensemble).ConfigureAwait(false);
            case ChainNode chain:
                return await Chain(pass, scope, chain).ConfigureAwait(false);
            case SegmentNode segment:
            {
                var children = await Children(pass, scope, [.. segment.Rules.Select(r => r.Node), segment.Default]).ConfigureAwait(false);
                var shape = Routing(pass, scope, segment.Path, children);
                SegmentGraphNode? compiled = children.Any(c => c.Node is null)
                    ? null
                    : new SegmentGraphNode(scope.Endpoint, segment.Path, [.. children.Take(segment.Rules.Count).Select(c => c.Node!)], children[^1].Node!);
                for (var i = 0; i < segment.Rules.Count; i++)
                {
                    scope.Predicates.Add(new PendingPredicate(compiled, i, segment.Rules[i].When, $"{segment.Path}.segment.rules[{i}].when", scope.ChainOutputs));
                }
                return (compiled, shape);
            }
            case NestedEndpointNode nested:
                return await Nested(pass, scope, nested).ConfigureAwait(false);
            default:
                throw new NotSupportedException(node.GetType().Name);
        }
    }

    private async Task<(GraphNode?, NodeShape?)> Model(Pass pass, Scope scope, ModelNode model)
    {
        ModelVersionInfo version;
        try
        {
            version = await models.Resolve(ModelRef.Create(pass.Tenant, model.Model), model.Version, pass.Cancellation).ConfigureAwait(false);
        }
        catch (MleException error)
        {
            pass.Problem(error.Code, error.Message, scope.Prefix + model.Path + ".model");
            return (null, null);
        }
        var schema = version.Schema!;
        var needs = new Dictionary<string, ColumnSchema>(StringComparer.Ordinal);
        foreach (var input in schema.Inputs)
        {
            needs[input.Name] = input;
        }
        return (new ModelGraphNode(scope.Endpoint, model.Path, model.Model, model.Version), new NodeShape(needs, schema.Outputs));
    }

    private async Task<(GraphNode?, NodeShape?)> Ensemble(Pass pass, Scope scope, EnsembleNode ensemble)
    {
        var children = await Children(pass, scope, ensemble.Members.Select(m => m.Node)).ConfigureAwait(false);
        var needs = Union(pass, ensemble.Path, children.Select(c => c.Shape));
        ColumnSchema? first = null;
        for (var i = 0; i < children.Count; i++)
        {
            if (children[i].Shape is not { } shape)
            {
                continue;
            }
            var at = $"{scope.Prefix}{ensemble.Path}.ensemble.members[{i}].node";
            var output = shape.Output(ensemble.Output);
            if (output is null)
            {
                pass.Problem(ErrorCodes.SchemaMismatch, $"Member {i} has no output '{ensemble.Output}' (it has {string.Join(", ", shape.Outputs.Select(o => o.Name))}).", at);
            }
            else if (output.Width != 1)
            {
                pass.Problem(ErrorCodes.SchemaMismatch, $"Member {i}'s '{ensemble.Output}' is {NodeShape.Describe(output)}; an ensemble combines scalars.", at);
            }
            else if (ensemble.Combine != CombineRule.Vote && !ColumnRows.IsNumber(output.Kind))
            {
                pass.Problem(ErrorCodes.SchemaMismatch, $"Member {i}'s '{ensemble.Output}' is {NodeShape.Describe(output)}; {ensemble.Combine} combines numbers (vote combines any kind).", at);
            }
            else if (first is not null && ensemble.Combine == CombineRule.Vote && output.Kind != first.Kind
                && !(ColumnRows.IsNumber(output.Kind) && ColumnRows.IsNumber(first.Kind)))
            {
                pass.Problem(ErrorCodes.SchemaMismatch, $"Member {i}'s '{ensemble.Output}' is {NodeShape.Describe(output)}, but an earlier member's is {NodeShape.Describe(first)}; votes need one kind.", at);
            }
            else
            {
                first ??= output;
            }
        }
        var combined = ensemble.Combine == CombineRule.Vote
            ? ColumnSchema.Scalar(ensemble.Output, first?.Kind ?? ScalarKind.Double)
            : ColumnSchema.Scalar(ensemble.Output, ScalarKind.Double);
        var result = new NodeShape(needs, [combined]);
        return children.Any(c => c.Node is null)
            ? (null, result)
            : (new EnsembleGraphNode(scope.Endpoint, ensemble.Path, ensemble.Combine, ensemble.Output,
                [.. children.Select((c, i) => (c.Node!, ensemble.Members[i].Weight))]), result);
    }

    private async Task<(GraphNode?, NodeShape?)> Chain(Pass pass, Scope scope, ChainNode chain)
    {
        var needs = new Dictionary<string, ColumnSchema>(StringComparer.Ordinal);
        var produced = new Dictionary<string, ColumnSchema>(scope.ChainOutputs, StringComparer.Ordinal);
        var steps = new List<GraphNode?>();
        NodeShape? last = null;
        var known = true;
        for (var i = 0; i < chain.Steps.Count; i++)
        {
            var (node, shape) = await Node(pass, scope with { ChainOutputs = new Dictionary<string, ColumnSchema>(produced, StringComparer.Ordinal) }, chain.Steps[i]).ConfigureAwait(false);
            steps.Add(node);
            last = shape;
            if (shape is null)
            {
                known = false;
                continue;
            }
            foreach (var need in shape.Needs.Values)
            {
                if (produced.TryGetValue(need.Name, out var output))
                {
                    if (known && !NodeShape.Fits(output, need))
                    {
                        pass.Problem(ErrorCodes.SchemaMismatch,
                            $"Step {i} needs '{need.Name}' as {NodeShape.Describe(need)}, but an earlier step of the chain produces it as {NodeShape.Describe(output)}.",
                            scope.Prefix + chain.Steps[i].Path);
                    }
                    continue;
                }
                if (!known && i > 0)
                {
                    // After a step that could not be checked, a need may be one of its outputs: not a request column to claim.
                    continue;
                }
                AddNeed(pass, needs, need, scope.Prefix + chain.Steps[i].Path);
            }
            foreach (var output in shape.Outputs)
            {
                produced[output.Name] = output;
            }
        }
        var result = last is null ? null : new NodeShape(needs, last.Outputs);
        return steps.Any(s => s is null) ? (null, result) : (new ChainGraphNode(scope.Endpoint, chain.Path, [.. steps.Select(s => s!)]), result);
    }

    private async Task<(GraphNode?, NodeShape?)> Nested(Pass pass, Scope scope, NestedEndpointNode nested)
    {
        var at = scope.Prefix + nested.Path + ".endpoint";
        if (pass.Stack.Contains(nested.Endpoint, StringComparer.Ordinal))
        {
            pass.Problem(ErrorCodes.InvalidEndpoint, $"Nesting '{nested.Endpoint}' makes a cycle: {string.Join(" -> ", pass.Stack.Append(nested.Endpoint))}.", at);
            return (null, null);
        }
        if (await models.Snapshot(ModelRef.Create(pass.Tenant, nested.Endpoint), pass.Cancellation).AsTask().ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default).ConfigureAwait(false))
        {
            pass.Problem(ErrorCodes.EndpointNotFound, $"'{nested.Endpoint}' is a model, not an endpoint; use {{\"model\": \"{nested.Endpoint}\"}}.", at);
            return (null, null);
        }
        var spec = await environment.FindEndpoint(pass.Tenant, nested.Endpoint, pass.Cancellation).ConfigureAwait(false);
        if (spec is null)
        {
            pass.Problem(ErrorCodes.EndpointNotFound, $"Endpoint '{nested.Endpoint}' does not exist.", at);
            return (null, null);
        }
        pass.Stack.Add(nested.Endpoint);
        var before = pass.Problems.Count;
        var compiled = await CompileEndpoint(pass, nested.Endpoint, 0, spec, $"{at}->").ConfigureAwait(false);
        pass.Stack.RemoveAt(pass.Stack.Count - 1);
        if (compiled is null || pass.Problems.Count > before)
        {
            return (null, null);
        }
        var needs = compiled.Inputs.Where(i => !i.Optional).ToDictionary(i => i.Column.Name, i => i.Column, StringComparer.Ordinal);
        return (new NestedGraphNode(scope.Endpoint, nested.Path, nested.Endpoint), new NodeShape(needs, compiled.Outputs));
    }

    private async Task<CompiledEnrichment?> Enrichment(Pass pass, string prefix, FeatureEnrichment enrichment)
    {
        var set = await environment.FindFeatureSet(pass.Tenant, enrichment.FeatureSet, pass.Cancellation).ConfigureAwait(false);
        if (set is null)
        {
            pass.Problem(ErrorCodes.FeatureSetNotFound, $"Feature set '{enrichment.FeatureSet}' does not exist.", prefix + enrichment.Path + ".featureSet");
            return null;
        }
        var kinds = new List<ScalarKind>();
        for (var i = 0; i < enrichment.Features.Count; i++)
        {
            var feature = enrichment.Features[i];
            var at = $"{prefix}{enrichment.Path}.features[{i}]";
            ScalarKind? kind = set.Features.FirstOrDefault(f => f.Name == feature) is { } raw
                ? raw.Type switch { FeatureType.Bool => ScalarKind.Boolean, FeatureType.String => ScalarKind.String, _ => ScalarKind.Double }
                : set.Aggregates.FirstOrDefault(a => a.Name == feature) is { } aggregate
                    ? aggregate.Function == AggregateFunction.LastN ? null : ScalarKind.Double
                    : null;
            if (kind is null)
            {
                pass.Problem(ErrorCodes.UnknownFeature, set.Aggregates.Any(a => a.Name == feature)
                    ? $"Feature '{feature}' is a list (last N); enrichment adds scalars."
                    : $"Feature set '{enrichment.FeatureSet}' has no feature '{feature}'.", at);
                continue;
            }
            if (enrichment.Default is { } fallback && !(kind switch
            {
                ScalarKind.Boolean => fallback is bool,
                ScalarKind.String => fallback is string,
                _ => fallback is double,
            }))
            {
                pass.Problem(ErrorCodes.InvalidEndpoint, $"The default {fallback} does not suit feature '{feature}', which is {kind.Value.DisplayName()}.", prefix + enrichment.Path + ".default");
            }
            kinds.Add(kind.Value);
        }
        return kinds.Count == enrichment.Features.Count ? new CompiledEnrichment(enrichment, kinds) : null;
    }

    private async Task<List<(GraphNode? Node, NodeShape? Shape)>> Children(Pass pass, Scope scope, IEnumerable<EndpointNode> nodes)
    {
        var children = new List<(GraphNode?, NodeShape?)>();
        foreach (var node in nodes)
        {
            children.Add(await Node(pass, scope, node).ConfigureAwait(false));
        }
        return children;
    }

    /// <summary>A routing node (split, canary, segment): it needs what any branch needs and answers what every branch answers.</summary>
    private static NodeShape? Routing(Pass pass, Scope scope, string path, List<(GraphNode? Node, NodeShape? Shape)> children)
    {
        var needs = Union(pass, scope.Prefix + path, children.Select(c => c.Shape));
        var shapes = children.Select(c => c.Shape).OfType<NodeShape>().ToList();
        if (shapes.Count == 0)
        {
            return null;
        }
        var outputs = new List<ColumnSchema>();
        foreach (var output in shapes[0].Outputs)
        {
            var all = shapes.Select(s => s.Output(output.Name)).ToList();
            if (all.Any(o => o is null || o.Width != output.Width))
            {
                continue;
            }
            if (all.All(o => o!.Kind == output.Kind))
            {
                outputs.Add(output);
            }
            else if (all.All(o => ColumnRows.IsNumber(o!.Kind)))
            {
                outputs.Add(output with { Kind = ScalarKind.Double });
            }
        }
        return new NodeShape(needs, outputs);
    }

    private static Dictionary<string, ColumnSchema> Union(Pass pass, string path, IEnumerable<NodeShape?> shapes)
    {
        var needs = new Dictionary<string, ColumnSchema>(StringComparer.Ordinal);
        foreach (var shape in shapes.OfType<NodeShape>())
        {
            foreach (var need in shape.Needs.Values)
            {
                AddNeed(pass, needs, need, path);
            }
        }
        return needs;
    }

    private static void AddNeed(Pass pass, Dictionary<string, ColumnSchema> needs, ColumnSchema need, string path)
    {
        if (!needs.TryGetValue(need.Name, out var held))
        {
            needs[need.Name] = need;
        }
        else if (!NodeShape.Fits(held, need) || !NodeShape.Fits(need, held))
        {
            pass.Problem(ErrorCodes.SchemaMismatch,
                $"Column '{need.Name}' is needed as {NodeShape.Describe(held)} by one node and as {NodeShape.Describe(need)} by another; a request has one value for it.", path);
        }
        else if (held.Width == 0 && need.Width > 0)
        {
            needs[need.Name] = need;
        }
    }

    private sealed class Pass(string tenant, CancellationToken cancellation)
    {
        public string Tenant { get; } = tenant;

        public CancellationToken Cancellation { get; } = cancellation;

        public List<SpecProblem> Problems { get; } = [];

        /// <summary>The endpoints being compiled, outermost first: nesting one of them again is a cycle.</summary>
        public List<string> Stack { get; } = [];

        public void Problem(string code, string message, string path)
        {
            // The same problem reached twice (a column clash seen by a split and again by its parent) is listed once.
            if (!Problems.Any(p => p.Code == code && p.Message == message))
            {
                Problems.Add(new SpecProblem(code, message, path));
            }
        }
    }

    /// <summary>Where a node is compiled: in which endpoint, under which path prefix (nested specs), after which chain outputs.</summary>
    private sealed record Scope(
        string Endpoint,
        string Prefix,
        List<PendingPredicate> Predicates,
        List<SplitGraphNode> Splits,
        List<string> Canaries,
        IReadOnlyDictionary<string, ColumnSchema> ChainOutputs);

    private sealed record PendingPredicate(SegmentGraphNode? Node, int Rule, string Text, string Path, IReadOnlyDictionary<string, ColumnSchema> Extra);
}
