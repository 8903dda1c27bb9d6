using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Mle.Bench.Models;
using Mle.Bench.Servers;
using Mle.Data;
using Mle.Naming;
using Mle.Registry;
using Mle.Scoring;
using Mle.Serving;
using Mle.Silo.Hosting;

namespace Mle.Bench.InProcess;

/// <summary>
/// The platform's own silo composition (<see cref="MleHost"/>) started inside the benchmark process, so that a
/// scoring call is what a gateway request makes after reading its body: <see cref="IModelServing.Score"/> with a
/// resolved version (inline by default), or a local grain call to the <see cref="IScoringWorker"/>. The platform's
/// cost over the raw model without any network in between.
/// </summary>
public sealed class InProcessPlatform : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessPlatform(WebApplication app) => _app = app;

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo's services, e.g. its co-hosted <c>IMleClient</c>.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a silo on <paramref name="dataDirectory"/>; <paramref name="settings"/> are more <c>--Key=value</c> settings.</summary>
    public static async Task<InProcessPlatform> Start(string dataDirectory, params string[] settings)
    {
        var builder = MleHost.CreateBuilder(
        [
            $"--Mle:DataDirectory={dataDirectory}",
            Invariant($"--Mle:Clustering:SiloPort={FreePorts.Next()}"),
            Invariant($"--Mle:Clustering:GatewayPort={FreePorts.Next()}"),
            Invariant($"--urls=http://127.0.0.1:{FreePorts.Next()}"),
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ]);
        var app = MleHost.Build(builder);
        await app.StartAsync();
        return new InProcessPlatform(app);
    }

    /// <summary>Registers the model file as a new version through the registry grain and returns how to score it.</summary>
    public async Task<PlatformScorer> Register(ModelSpec spec, string modelPath)
    {
        var model = ModelRef.Create(Names.DefaultTenant, spec.Name);
        var registry = Grains.GetGrain<IModelGrain>(model.Key);
        await registry.Create(new CreateModel("benchmark model", new Dictionary<string, string>()));
        var version = await Grains.GetGrain<IVersionRegistrarGrain>(0).Register(model.Key, new RegisterVersion(
            await File.ReadAllBytesAsync(modelPath), ModelFlavor.MlNet, null,
            new Dictionary<string, double>(), new Dictionary<string, string>(), Lineage.None));
        if (version.Status != VersionStatus.Ready)
        {
            throw new InvalidOperationException($"Version {version.Version} of '{spec.Name}' is {version.Status}: {version.FailureReason}");
        }
        var serving = _app.Services.GetRequiredService<IModelServing>();
        var resolved = await serving.Resolve(model, VersionSelector.ForVersion(version.Version));
        return new PlatformScorer(serving, resolved, Grains.GetGrain<IScoringWorker>(model.Version(version.Version).Key));
    }

    /// <summary>Scores once both ways and checks each answer has a row per input row.</summary>
    public static async Task Probe(PlatformScorer scorer, ColumnBatch batch)
    {
        foreach (var scored in new[] { await scorer.Score(batch), await scorer.ScoreThroughGrain(batch) })
        {
            if (scored.RowCount != batch.RowCount)
            {
                throw new InvalidOperationException($"The platform returned {scored.RowCount} rows for {batch.RowCount}.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
