using Mle.Data;
using Mle.Endpoints;
using Mle.Errors;
using Mle.Features;
using Mle.Serving.Expressions;

namespace Mle.Tests.Unit.Endpoints;

/// <summary>
/// Everything an endpoint needs around it, in memory: fake models, other endpoints' specs, a feature set "card"
/// (amount_avg: float, vip: bool) with the entities a test gives it, and the serving services over them.
/// </summary>
internal sealed class EndpointWorld : IEndpointEnvironment, IEndpointSource, IFeatureSource, IAsyncDisposable
{
    public const string Tenant = "acme";

    private readonly Dictionary<string, EndpointSpec> _specs = [];
    private readonly Dictionary<string, CompiledEndpoint> _compiled = [];

    public EndpointWorld(int shadowCapacity = 100, int canaryWindow = 1000)
    {
        Shadows = new ShadowBacklog(shadowCapacity, 1);
        Canaries = new CanaryBoard(canaryWindow, TimeProvider.System);
        Serving = new EndpointServing(Models, this, this, Canaries, Shadows, Metrics);
        Compiler = new EndpointCompiler(Models, this, new ExpressionCompiler());
    }

    public FakeModels Models { get; } = new();

    public ShadowBacklog Shadows { get; }

    public CanaryBoard Canaries { get; }

    public EndpointMetrics Metrics { get; } = new();

    public EndpointServing Serving { get; }

    public EndpointCompiler Compiler { get; }

    /// <summary>The card feature set's entities: cardId to (amount_avg, vip); an entity left out was never seen.</summary>
    public Dictionary<string, (double? AmountAvg, bool Vip)> Cards { get; } = [];

    public int Lookups { get; private set; }

    public static FeatureSetSpec Card { get; } = new("cardId",
        [new RawFeature("amount", FeatureType.Float), new RawFeature("vip", FeatureType.Bool)],
        [new AggregateFeature("amount_avg", "amount", AggregateFunction.Avg, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1))]);

    /// <summary>Reads, compiles and installs a spec; fails the test with the problems when it has any.</summary>
    public async Task<CompiledEndpoint> Put(string name, string json)
    {
        var (spec, problems) = EndpointSpecReader.Read(json);
        Assert.Empty(problems);
        var compilation = await Compiler.Compile(Tenant, name, 1, spec!);
        Assert.True(compilation.Endpoint is not null, string.Join(Environment.NewLine, compilation.Problems));
        _specs[name] = spec!;
        _compiled[name] = compilation.Endpoint!;
        return compilation.Endpoint!;
    }

    /// <summary>Every problem of a spec, from reading and compiling it.</summary>
    public async Task<IReadOnlyList<SpecProblem>> Problems(string name, string json)
    {
        var (spec, problems) = EndpointSpecReader.Read(json);
        if (spec is null)
        {
            return problems;
        }
        var compilation = await Compiler.Compile(Tenant, name, 1, spec);
        return [.. problems, .. compilation.Problems];
    }

    public Task<EndpointScore> Score(CompiledEndpoint endpoint, params Column[] columns) =>
        Serving.Score(endpoint, new ColumnBatch(columns[0].RowCount, columns));

    public static Column<float> Floats(string name, params float[] values) => Column.Create(name, 1, values);

    public static Column<string> Strings(string name, params string?[] values) => Column.Create(name, 1, values)!;

    public ValueTask<EndpointSpec?> FindEndpoint(string tenant, string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_specs.GetValueOrDefault(name));

    public ValueTask<FeatureSetSpec?> FindFeatureSet(string tenant, string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(name == "card" ? Card : null);

    public ValueTask<CompiledEndpoint> Find(string tenant, string name, CancellationToken cancellationToken) =>
        _compiled.TryGetValue(name, out var compiled) ? ValueTask.FromResult(compiled) : throw MleErrors.EndpointNotFound(name);

    public Task<FeatureLookupResult> Lookup(string tenant, string featureSet, FeatureLookup lookup, CancellationToken cancellationToken)
    {
        Lookups++;
        var rows = lookup.Entities.Select(entity =>
        {
            var known = Cards.TryGetValue(entity, out var card);
            var values = lookup.Features.Select(f => !known ? FeatureValue.Null : f == "vip" ? FeatureValue.Bool(card.Vip) : card.AmountAvg is { } avg ? FeatureValue.Float(avg) : FeatureValue.Null).ToList();
            var statuses = values.Select(v => v.IsNull ? (known ? FeatureStatus.Null : FeatureStatus.NotFound) : FeatureStatus.Present).ToList();
            return new FeatureRow(entity, values, statuses, [.. values.Select(_ => (DateTimeOffset?)null)]);
        }).ToList();
        return Task.FromResult(new FeatureLookupResult(lookup.Features, rows, DateTimeOffset.UnixEpoch));
    }

    public ValueTask DisposeAsync() => Shadows.DisposeAsync();
}
