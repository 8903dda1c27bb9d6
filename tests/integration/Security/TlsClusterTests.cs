using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Mle.Artifacts;
using Mle.Client;
using Mle.Configuration;
using Mle.Registry;
using Mle.Scoring;
using Mle.Serving;
using Mle.Silo.Security;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Security;

/// <summary>
/// Two silos on real loopback sockets with <c>Mle:Tls</c> (one from a PFX file, one from a PEM pair of the same
/// self-signed certificate) form a cluster: the second joins through the first, and their membership probes and
/// grain calls travel silo to silo over mutual TLS. An SDK client with TLS registers and scores through both
/// gateways; a client without TLS never gets a connection.
/// </summary>
public sealed class TlsClusterTests : IAsyncLifetime
{
    private const string ClusterId = "tls-test";
    private const string ServiceId = "tls-test";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly ClusterCertificate _certificate = ClusterCertificate.Create();
    private readonly string _artifactRoot = Path.Combine(Path.GetTempPath(), "mle-tls-cluster-" + Guid.NewGuid().ToString("N"));
    private readonly List<IHost> _silos = [];
    private readonly List<IPEndPoint> _gateways = [];

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(4);
        var primary = new IPEndPoint(IPAddress.Loopback, ports[0]);
        for (var i = 0; i < 2; i++)
        {
            var silo = Silo(ports[2 * i], ports[2 * i + 1], primary, _certificate.SiloSettings(pem: i == 1));
            _silos.Add(silo);
            using var timeout = new CancellationTokenSource(StartTimeout);
            await silo.StartAsync(timeout.Token);
            _gateways.Add(new IPEndPoint(IPAddress.Loopback, ports[2 * i + 1]));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in Enumerable.Reverse(_silos))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await silo.StopAsync(timeout.Token);
            }
            finally
            {
                silo.Dispose();
            }
        }
        _certificate.Dispose();
        if (Directory.Exists(_artifactRoot))
        {
            Directory.Delete(_artifactRoot, recursive: true);
        }
    }

    [Fact]
    public async Task Two_silos_form_a_cluster_over_tls_an_sdk_client_scores_through_it_and_a_client_without_tls_is_refused()
    {
        var client = await TlsClients.Start(_gateways, ClusterId, ServiceId, apiKey: null, options =>
        {
            options.UseTls = true;
            options.TlsTrustedRoots.AddRange(_certificate.Roots);
        });
        try
        {
            var hosts = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(2, hosts.Count);
            for (var i = 0; i < 4; i++)
            {
                var scored = await TlsClients.RegisterAndScore(client);
                Assert.Equal(2, scored.Predictions.RowCount);
            }
        }
        finally
        {
            await TlsClients.Stop(client);
        }

        await Assert.ThrowsAnyAsync<Exception>(() => TlsClients.Start(_gateways, ClusterId, ServiceId, apiKey: null, _ => { }, TlsClients.RefusedWithin));
    }

    /// <summary>A silo with the platform's registry and scoring (memory storage, a shared artifact directory) and <c>Mle:Tls</c> from <paramref name="tls"/>.</summary>
    private IHost Silo(int siloPort, int gatewayPort, IPEndPoint primary, Dictionary<string, string?> tls)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(tls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseDevelopmentClustering(primary)
                .Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = ClusterId;
                    o.ServiceId = ServiceId;
                })
                .ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort)
                .UseMleTls(builder.Configuration)
                .AddMemoryGrainStorage(StorageNames.Registry);
            silo.Services.Configure<FileSystemArtifactStoreOptions>(o => o.Root = _artifactRoot);
            silo.Services.AddSingleton<IArtifactStore, FileSystemArtifactStore>();
            silo.Services.AddMleScoring(builder.Configuration).AddMleServing(builder.Configuration).AddMleRegistry(builder.Configuration).AddMleClientCohosted();
        });
        return builder.Build();
    }
}
