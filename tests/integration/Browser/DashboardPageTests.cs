using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Browser;

/// <summary>
/// The Orleans dashboard, rendered by a real browser, shows the platform's grain calls. It counts grain calls only:
/// a silo scores its own HTTP requests inline by default (<c>Mle:Serving:InlineScoring</c>), so this silo sends them
/// through the scoring-worker grain, as SDK clients outside a silo always do.
/// </summary>
public sealed class DashboardPageTests
{
    [SkippableFact]
    public async Task Dashboard_shows_scoring_worker_calls_in_a_real_browser()
    {
        HeadlessChromium.RequireOrSkip();
        await using var silo = await TestSilo.StartAsync(new Dictionary<string, string?> { ["Mle:Serving:InlineScoring"] = "false" });
        var model = RestCalls.UniqueName("dashboard");
        await silo.Http.RegisterModel(model, TestModels.BinaryClassifier);

        // The dashboard samples call counts each second: keep scoring while the page loads and polls.
        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            for (var i = 0; i < 2_000 && !stop.IsCancellationRequested; i++)
            {
                using var response = await silo.Http.PostJson($"/api/v1/models/{model}/versions/1/score", """{"rows": [{"X1": 1, "X2": 2}]}""");
                response.EnsureSuccessStatusCode();
                await Task.Delay(10, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });

        // The dashboard shows a call once its sampler has reported it: render until the page shows it, within a deadline.
        var dom = "";
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            while (!dom.Contains("ScoringWorker", StringComparison.Ordinal) && !deadline.IsCancellationRequested)
            {
                // Signed in first: a single-use sign-in link (asked for with the admin key) sets the session cookie and opens the dashboard.
                dom = await HeadlessChromium.DumpDom(new Uri(silo.BaseAddress, await SignInLink(silo) + "?returnUrl=/dashboard/"), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await traffic;
        }

        Assert.Contains("Orleans Dashboard", dom);
        Assert.DoesNotContain("Sign in with an admin API key", dom);
        Assert.Contains("ScoringWorker", dom);
        Assert.Contains("Score", dom);
    }

    private static async Task<string> SignInLink(TestSilo silo)
    {
        using var response = await silo.Http.PostAsync("/signin/link", null);
        response.EnsureSuccessStatusCode();
        return (string)(await response.Json())["url"]!;
    }
}
