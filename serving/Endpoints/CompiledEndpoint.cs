using Mle.Data;
using Mle.Schema;

namespace Mle.Endpoints;

/// <summary>
/// One version of an endpoint's spec, checked against the models, endpoints and feature sets it names and compiled
/// into a graph that any number of requests evaluate at once. Immutable: a silo swaps a whole compiled endpoint for
/// the next, so a request in flight finishes on the one it started with.
/// </summary>
public sealed class CompiledEndpoint
{
    internal CompiledEndpoint(
        string tenant,
        string name,
        long version,
        EndpointSpec spec,
        GraphNode graph,
        IReadOnlyList<CompiledEnrichment> enrichments,
        IReadOnlyList<EndpointInput> inputs,
        IReadOnlyList<ColumnSchema> outputs,
        IReadOnlyList<SplitGraphNode> splits,
        IReadOnlyList<string> canaries)
    {
        Tenant = tenant;
        Name = name;
        Version = version;
        Spec = spec;
        Graph = graph;
        Enrichments = enrichments;
        Inputs = inputs;
        Outputs = outputs;
        Splits = splits;
        CanaryIds = canaries;
        InputSchema = new ModelSchema([.. inputs.Select(i => i.Column)], [.. outputs]);
        AllInputsRequired = inputs.All(i => !i.Optional);
    }

    /// <summary>
    /// Whether every input is required (no entity key, no enrichment's entity): a request is then exactly a model's
    /// input, <see cref="InputSchema"/>, and can be read as direct scoring reads one.
    /// </summary>
    public bool AllInputsRequired { get; }

    public string Tenant { get; }

    public string Name { get; }

    /// <summary>The spec version (1 for the first PUT, +1 for every accepted change).</summary>
    public long Version { get; }

    public EndpointSpec Spec { get; }

    /// <summary>What a request carries, required and optional columns.</summary>
    public IReadOnlyList<EndpointInput> Inputs { get; }

    /// <summary>The inputs as a schema (every input) with the graph's outputs (the columns every path produces).</summary>
    public ModelSchema InputSchema { get; }

    /// <summary>The columns every path through the graph produces.</summary>
    public IReadOnlyList<ColumnSchema> Outputs { get; }

    /// <summary>The identities of the graph's canaries (<see cref="CanaryBoard.CanaryId"/>).</summary>
    public IReadOnlyList<string> CanaryIds { get; }

    internal GraphNode Graph { get; }

    internal IReadOnlyList<CompiledEnrichment> Enrichments { get; }

    internal IReadOnlyList<SplitGraphNode> Splits { get; }

    /// <summary>This version's dynamic batching on this silo, made on first use when the spec asks for it.</summary>
#pragma warning disable CA1051 // a field, so that the first request can install it atomically (LazyInitializer)
    internal DynamicBatching? Batcher;
#pragma warning restore CA1051

    /// <summary>The variant of every split of the graph that <paramref name="entity"/> is assigned to, by the split's path.</summary>
    public IReadOnlyDictionary<string, string> Assignments(string entity) =>
        Splits.ToDictionary(s => s.Path, s => s.Assign(entity), StringComparer.Ordinal);

    /// <summary>Each row's entity key: the spec's <c>entityKey</c> column, null where a row has none (or the spec names none).</summary>
    internal string?[] KeysOf(RowFrame frame) => KeysOf(frame.RowCount, Spec.EntityKey is { } name ? frame.Find(name) : null);

    /// <summary>Each request row's entity key, as <see cref="KeysOf(RowFrame)"/>.</summary>
    internal string?[] KeysOf(ColumnBatch rows) => KeysOf(rows.RowCount, Spec.EntityKey is { } name ? rows.Find(name) : null);

    private static string?[] KeysOf(int rowCount, Column? key)
    {
        var keys = new string?[rowCount];
        if (key is { Width: 1 } column)
        {
            for (var row = 0; row < keys.Length; row++)
            {
                keys[row] = ColumnRows.Value(column, row) switch
                {
                    null => null,
                    string { Length: 0 } => null,
                    double number => number.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                    var value => value.ToString(),
                };
            }
        }
        return keys;
    }

    /// <summary>Enriches the rows, then evaluates the graph on them.</summary>
    internal async Task<NodeResult> Evaluate(Evaluation run, RowFrame frame)
    {
        if (Enrichments.Count > 0)
        {
            var features = await Task.WhenAll(Enrichments.Select(e => e.Columns(run, frame))).ConfigureAwait(false);
            frame = frame.With(features.SelectMany(f => f));
        }
        return await Graph.Evaluate(run, frame).ConfigureAwait(false);
    }
}
