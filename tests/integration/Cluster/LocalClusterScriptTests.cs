using System.Net;
using System.Net.Http.Headers;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Durability;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Integration.Infrastructure.Servers;
using Xunit.Abstractions;

namespace Mle.Tests.Integration.Cluster;

/// <summary>The README's local cluster: <c>deploy/local-cluster.sh up 2 --backend redis</c>, used, then <c>down</c>.</summary>
[Collection(SiloProcesses.Name)]
public sealed class LocalClusterScriptTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Converges = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task Up_2_on_redis_serves_one_registry_through_each_silo_and_down_stops_silos_and_server()
    {
        ServerBinary.Require("redis-server", RedisServer.Install, "redis-server", "/usr/bin/redis-server");
        var state = Path.Combine(Path.GetTempPath(), "mle-local-cluster-" + Guid.NewGuid().ToString("N"));
        var script = new LocalClusterScript(state, FreePorts.Take(1)[0]);
        try
        {
            var (exitCode, printed) = await script.Run("up", "2", "--backend", "redis");
            output.WriteLine(printed);
            Assert.True(exitCode == 0, printed);
            var silos = LocalClusterScript.Silos(printed);
            Assert.Equal([1, 2], silos.Select(s => s.Number));
            Assert.All(silos, s => Assert.True(LocalClusterScript.Running(s.Pid), $"silo {s.Number} pid {s.Pid} is not running"));
            Assert.NotEqual(silos[0].Http, silos[1].Http);

            var clients = silos.Select(s => new HttpClient { BaseAddress = s.Http, Timeout = TimeSpan.FromSeconds(30) }).ToList();
            foreach (var client in clients)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", script.AdminKey);
            }
            // Registered through the first silo, with the shared artifact store and Redis state...
            await clients[0].RegisterModel("local-cluster", DistinctModels.Logistic(5));
            // ...scored through each.
            foreach (var client in clients)
            {
                var scored = await Eventually.Holds(async () =>
                {
                    using var response = await client.PostJson("/api/v1/models/local-cluster/versions/1/score", DistinctModels.RowJson);
                    return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
                }, r => r.StatusCode == HttpStatusCode.OK, Converges, $"scoring through {client.BaseAddress}");
                var probability = (double)System.Text.Json.Nodes.JsonNode.Parse(scored.Body)!["predictions"]![0]!["probability"]!;
                Assert.Equal(DistinctModels.ExpectedProbability(5), probability, 5);
            }
            clients.ForEach(c => c.Dispose());

            (exitCode, printed) = await script.Run("down");
            output.WriteLine(printed);
            Assert.True(exitCode == 0, printed);
            Assert.Contains("stopped 2 silos", printed, StringComparison.Ordinal);
            Assert.All(silos, s => Assert.False(LocalClusterScript.Running(s.Pid), $"silo {s.Number} pid {s.Pid} still runs"));
            Assert.False(File.Exists(Path.Combine(state, "backend.pidfile")), "the redis-server the script started is still recorded");
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
