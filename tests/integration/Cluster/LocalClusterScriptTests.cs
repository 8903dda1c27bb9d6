using System.Net;
using System.Net.Http.Headers;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Durability;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Integration.Infrastructure.Servers;
using Xunit.Abstractions;

namespace Mle.Tests.Integration.Cluster;

/// <summary>
/// The README's local cluster on each backend: <c>deploy/local-cluster.sh up 2 --backend redis|postgres|azure</c>
/// starts its own server and two silos, one registry is seen through each silo, then <c>down</c> stops the silos and
/// the server the script started.
/// </summary>
[Collection(SiloProcesses.Name)]
public sealed class LocalClusterScriptTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Converges = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task Up_2_on_redis_serves_one_registry_through_each_silo_and_down_stops_silos_and_server()
    {
        ServerBinary.Require("redis-server", RedisServer.Install, "redis-server", "/usr/bin/redis-server");
        await UpUseDown("redis");
    }

    [SkippableFact]
    public async Task Up_2_on_postgres_serves_one_registry_through_each_silo_and_down_stops_silos_and_server()
    {
        ServerBinary.Require("PostgreSQL", PostgresServer.Install, ["initdb", .. PostgresServer.Installed("initdb")]);
        await UpUseDown("postgres", script =>
        {
            // Debian's postgresql package keeps initdb and pg_ctl off PATH (/usr/lib/postgresql/<major>/bin): the script
            // must find them there, as on the clean machine .ci/run installs it on, even where a link puts them on PATH.
            script.Variables["PATH"] = string.Join(Path.PathSeparator, (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(directory => !File.Exists(Path.Combine(directory, "initdb"))));
        });
    }

    [SkippableFact]
    public async Task Up_2_on_azurite_serves_one_registry_through_each_silo_and_down_stops_silos_and_server()
    {
        ServerBinary.Require("Azurite", AzuriteServer.Install, "azurite", "/usr/local/bin/azurite", "/usr/bin/azurite");
        await UpUseDown("azure");
    }

    private async Task UpUseDown(string backend, Action<LocalClusterScript>? prepare = null)
    {
        var state = Path.Combine(Path.GetTempPath(), "mle-local-cluster-" + Guid.NewGuid().ToString("N"));
        var script = new LocalClusterScript(state, FreePorts.Take(1)[0]);
        prepare?.Invoke(script);
        try
        {
            var (exitCode, printed) = await script.Run("up", "2", "--backend", backend);
            output.WriteLine(printed);
            Assert.True(exitCode == 0, printed);
            Assert.Contains($"# backend {backend};", printed, StringComparison.Ordinal);
            var silos = LocalClusterScript.Silos(printed);
            Assert.Equal([1, 2], silos.Select(s => s.Number));
            Assert.All(silos, s => Assert.True(LocalClusterScript.Running(s.Pid), $"silo {s.Number} pid {s.Pid} is not running"));
            Assert.NotEqual(silos[0].Http, silos[1].Http);
            var server = script.BackendPid();
            Assert.True(server is { } running && LocalClusterScript.Running(running), $"the {backend} server the script started is not running (pid {server})");

            var clients = silos.Select(s => new HttpClient { BaseAddress = s.Http, Timeout = TimeSpan.FromSeconds(30) }).ToList();
            foreach (var client in clients)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", script.AdminKey);
            }
            // Registered through the first silo, with the shared artifact store and the backend's state...
            await clients[0].RegisterModel("local-cluster", DistinctModels.Logistic(5));
            // ...read and scored through each.
            foreach (var client in clients)
            {
                var scored = await Eventually.Holds(async () =>
                {
                    using var response = await client.PostJson("/api/v1/models/local-cluster/versions/1/score", DistinctModels.RowJson);
                    return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
                }, r => r.StatusCode == HttpStatusCode.OK, Converges, $"scoring through {client.BaseAddress}");
                var probability = (double)System.Text.Json.Nodes.JsonNode.Parse(scored.Body)!["predictions"]![0]!["probability"]!;
                Assert.Equal(DistinctModels.ExpectedProbability(5), probability, 5);
                var version = await (await client.GetAsync("/api/v1/models/local-cluster/versions/1")).Json();
                Assert.Equal("Ready", (string?)version["status"]);
            }
            clients.ForEach(c => c.Dispose());

            (exitCode, printed) = await script.Run("down");
            output.WriteLine(printed);
            Assert.True(exitCode == 0, printed);
            Assert.Contains("stopped 2 silos", printed, StringComparison.Ordinal);
            Assert.All(silos, s => Assert.False(LocalClusterScript.Running(s.Pid), $"silo {s.Number} pid {s.Pid} still runs"));
            Assert.False(LocalClusterScript.Running(server!.Value), $"the {backend} server (pid {server}) the script started still runs");
            Assert.False(File.Exists(Path.Combine(state, "backend.pidfile")), $"the {backend} server the script started is still recorded");
            Assert.Empty((await script.Run("status")).Output.Trim());
        }
        finally
        {
            await script.Run("down", "--purge");
            if (Directory.Exists(state))
            {
                Directory.Delete(state, recursive: true);
            }
        }
    }
}
