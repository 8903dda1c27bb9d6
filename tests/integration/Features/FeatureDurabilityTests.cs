using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Durability;
using Mle.Tests.Integration.Infrastructure;
using static Mle.Tests.Integration.Features.FeatureCalls;

namespace Mle.Tests.Integration.Features;

public sealed class FeatureDurabilityTests
{
    [Fact]
    public async Task Write_through_entity_state_acknowledged_before_a_SIGKILL_is_there_after_the_restart()
    {
        var data = Path.Combine(Path.GetTempPath(), "mle-features-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string>();
        var t = RecentSecond(30);
        try
        {
            string before;
            await using (var silo = await SiloProcess.Start(data, settings, TimeSpan.FromSeconds(60)))
            {
                await silo.Http.CreateCardSet("durable");
                for (var i = 0; i < 20; i++)
                {
                    await silo.Http.Pushed("durable", Event($"e{i}", $"c{i % 4}", t.AddSeconds(i), (i * 1.5).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }
                before = (await silo.Http.LookedUp("durable", ["c0", "c1", "c2", "c3"], ["amount", "amount_avg_10m"], t.AddSeconds(25)))["results"]!.ToJsonString();
                await silo.Kill();
            }

            await using (var silo = await SiloProcess.Start(data, settings, TimeSpan.FromSeconds(60)))
            {
                var after = (await silo.Http.LookedUp("durable", ["c0", "c1", "c2", "c3"], ["amount", "amount_avg_10m"], t.AddSeconds(25)))["results"]!.ToJsonString();
                Assert.Equal(before, after);
                Assert.Contains("PRESENT", after);
                var again = await silo.Http.Pushed("durable", Event("e0", "c0", t, "0"));
                Assert.Equal(1, (int?)again["duplicates"]);
            }
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Write_behind_entity_state_is_written_when_the_silo_stops_and_is_there_after_the_restart()
    {
        await using var silo = await TestSilo.StartAsync(new Dictionary<string, string?> { ["Mle:Features:WriteBehind"] = "00:10:00" });
        var set = RestCalls.UniqueName("behind");
        await silo.Http.CreateCardSet(set);
        var t = RecentSecond(30);
        await silo.Http.Pushed(set, Event("e1", "c1", t, "2"), Event("e2", "c1", t.AddSeconds(1), "4"));

        await silo.RestartAsync();

        var lookup = await silo.Http.LookedUp(set, ["c1"], ["amount", "amount_avg_10m"], t.AddSeconds(5));
        Assert.Equal("[4,3]", lookup["results"]![0]!["values"]!.ToJsonString());
    }
}
