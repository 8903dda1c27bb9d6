using System.Globalization;
using System.Net;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Features;

namespace Mle.Tests.Integration.Endpoints;

/// <summary>A feature set of accounts that endpoints enrich rows from: raw float features, one event per account, pushed over REST.</summary>
internal static class EndpointFeatures
{
    /// <summary>Creates feature set <paramref name="name"/> keyed by <c>cardId</c> with float features <paramref name="features"/>.</summary>
    public static async Task CreateAccounts(this HttpClient http, string name, params string[] features)
    {
        var body = $$"""{"name": "{{name}}", "entityKey": "cardId", "features": [{{string.Join(", ", features.Select(f => $$"""{"name": "{{f}}", "type": "float"}"""))}}], "maxAge": "1d"}""";
        var response = await http.PostJson("/api/v1/featuresets", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Pushes one event per account with its values, and asserts every event was applied.</summary>
    public static async Task PushAccounts(this HttpClient http, string set, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> accounts)
    {
        var time = FeatureCalls.RecentSecond();
        var events = accounts.Select(a =>
        {
            var values = string.Join(", ", a.Value.Select(v => string.Create(CultureInfo.InvariantCulture, $"\"{v.Key}\": {v.Value:R}")));
            return $$"""{"id": "{{set}}-{{a.Key}}", "entity": "{{a.Key}}", "time": "{{time:O}}", "values": {""" + values + "}}";
        });
        var pushed = await http.Pushed(set, [.. events]);
        Assert.Equal(accounts.Count, (int)pushed["applied"]!);
    }

    /// <summary>What the feature mart answers for one account's feature now (null when it has no value).</summary>
    public static async Task<double?> LookedUpValue(this HttpClient http, string set, string account, string feature)
    {
        var answer = await http.LookedUp(set, [account], [feature]);
        var row = answer["results"]![0]!;
        return (string?)row["statuses"]![0] == "PRESENT" ? (double?)row["values"]![0] : null;
    }
}
