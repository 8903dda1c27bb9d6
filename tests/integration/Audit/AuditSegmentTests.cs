using Mle.Audit;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Audit;

/// <summary>Issue 7, audit: a log is bounded: full heads are sealed into segments, and the oldest segments beyond the count go.</summary>
public sealed class AuditSegmentTests : IAsyncLifetime
{
    private const int SegmentEntries = 10;
    private const int MaxSegments = 2;

    private TestSilo? _silo;

    private TestSilo Silo => _silo!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(new Dictionary<string, string?>
    {
        ["Mle:Audit:SegmentEntries"] = SegmentEntries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mle:Audit:MaxSegments"] = MaxSegments.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Entries_are_read_across_sealed_segments_and_the_oldest_segments_beyond_the_count_are_dropped()
    {
        var names = Enumerable.Range(0, 45).Select(i => RestCalls.UniqueName($"m{i:00}")).ToList();
        foreach (var name in names)
        {
            (await Silo.Http.CreateModel(name)).EnsureSuccessStatusCode();
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await AuditLog.Page(Silo.Http, $"action={AuditActions.ModelCreate}&pageSize=7" + (token is null ? "" : $"&pageToken={token}"));
            seen.AddRange(page["items"]!.AsArray().Select(e => (string)e!["resource"]!));
            token = (string?)page["continuationToken"];
        }
        while (token is not null && seen.Count < 100);

        // 45 entries: four sealed segments of 10 (the two oldest dropped) and a head of 5.
        var kept = SegmentEntries * MaxSegments + 5;
        Assert.Equal(names.AsEnumerable().Reverse().Take(kept).Select(n => $"models/{n}"), seen);
    }
}
