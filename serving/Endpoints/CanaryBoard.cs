using System.Collections.Concurrent;

namespace Mle.Endpoints;

/// <summary>
/// One silo's canaries: each candidate's <see cref="CanaryWindow"/> and which candidates are rolled back. The
/// decision is the cluster's, held by the endpoint's grain: a silo whose window crosses a threshold stops sending
/// rows to the candidate at once and reports the evidence (<see cref="RolledBack"/>); the grain records it and
/// pushes it to every silo (<see cref="Apply"/>), so all silos agree within one push. A canary is identified by its
/// path and its canonical text (<see cref="CanaryId"/>): editing the canary starts it afresh.
/// </summary>
public sealed class CanaryBoard(int windowCapacity, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Tenant, string Endpoint, string Canary), CanaryWindow> _windows = new();
    private readonly ConcurrentDictionary<(string Tenant, string Endpoint), IReadOnlyDictionary<string, RollbackEvidence>> _decisions = new();

    /// <summary>Called once per candidate this silo rolls back, with the evidence (the silo tells the endpoint's grain).</summary>
    public Action<string, string, string, RollbackEvidence>? RolledBack { get; set; }

    /// <summary>The identity of a canary: its path and a hash of its canonical text.</summary>
    public static string CanaryId(CanaryNode canary) =>
        canary.Path + "#" + StickyAssignment.Bucket("canary", canary.Path, NodeText.Of(canary)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The identities of every canary in a graph.</summary>
    public static IReadOnlyList<string> CanaryIds(EndpointNode node) => node switch
    {
        CanaryNode canary => [CanaryId(canary), .. CanaryIds(canary.Stable), .. CanaryIds(canary.Candidate)],
        SplitNode split => [.. split.Variants.SelectMany(v => CanaryIds(v.Node))],
        ShadowNode shadow => [.. CanaryIds(shadow.Primary), .. shadow.Candidates.SelectMany(CanaryIds)],
        EnsembleNode ensemble => [.. ensemble.Members.SelectMany(m => CanaryIds(m.Node))],
        ChainNode chain => [.. chain.Steps.SelectMany(CanaryIds)],
        SegmentNode segment => [.. segment.Rules.SelectMany(r => CanaryIds(r.Node)), .. CanaryIds(segment.Default)],
        _ => [],
    };

    public bool IsRolledBack(string tenant, string endpoint, string canaryId) =>
        _decisions.TryGetValue((tenant, endpoint), out var decided) && decided.ContainsKey(canaryId);

    /// <summary>The rollbacks decided for an endpoint, by canary id.</summary>
    public IReadOnlyDictionary<string, RollbackEvidence> Decisions(string tenant, string endpoint) =>
        _decisions.TryGetValue((tenant, endpoint), out var decided) ? decided : new Dictionary<string, RollbackEvidence>();

    /// <summary>Installs the cluster's decisions for an endpoint (pushed by its grain with every change).</summary>
    public void Apply(string tenant, string endpoint, IReadOnlyDictionary<string, RollbackEvidence> decisions) =>
        _decisions[(tenant, endpoint)] = decisions;

    /// <summary>Records one call of a candidate; rolls it back on this silo when its window crosses a threshold.</summary>
    public void Record(string tenant, string endpoint, CanaryNode canary, string canaryId, bool failed, double latencyMs)
    {
        var window = _windows.GetOrAdd((tenant, endpoint, canaryId), _ => new CanaryWindow(canary.Path, canary.Rollback, windowCapacity));
        if (window.Record(failed, latencyMs, time.GetUtcNow()) is not { } evidence)
        {
            return;
        }
        _decisions.AddOrUpdate((tenant, endpoint),
            _ => new Dictionary<string, RollbackEvidence> { [canaryId] = evidence },
            (_, held) => new Dictionary<string, RollbackEvidence>(held) { [canaryId] = evidence });
        RolledBack?.Invoke(tenant, endpoint, canaryId, evidence);
    }

    /// <summary>Forgets an endpoint's windows and decisions (it was deleted).</summary>
    public void Forget(string tenant, string endpoint)
    {
        _decisions.TryRemove((tenant, endpoint), out _);
        foreach (var key in _windows.Keys.Where(k => k.Tenant == tenant && k.Endpoint == endpoint))
        {
            _windows.TryRemove(key, out _);
        }
    }
}
