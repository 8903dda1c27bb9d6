using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Mle.Silo.Security;

/// <summary>
/// What tells a call made inside the cluster (by a grain, or by a silo's own hosted client: the REST gateway, the
/// co-hosted SDK) from a call of an external client: the request context of the former holds this stamp, an HMAC of
/// <see cref="SecurityOptions.ClusterSecret"/>. Only silos know the secret, so a client cannot write the stamp, whatever
/// else it forges (its source id, other request context entries). The raw secret never travels: a stamp seen on the
/// wire between silos is as good as the secret for calling in, but not for anything else the secret might protect.
/// </summary>
/// <remarks>
/// Without a configured secret (allowed only with a single-silo clustering provider) each process makes one up at
/// start: its calls only ever reach its own silo, and nothing needs to survive a restart. Not derived from the
/// bootstrap key: that key may be revoked and rotated, is read by an admin from a file, and is generated after the
/// silo starts, while the stamp is needed by the first grain call.
/// </remarks>
public sealed class ClusterCallStamp
{
    /// <summary>The request context entry the stamp travels in.</summary>
    public const string RequestContextKey = "mle-cluster-call";

    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("Orleans.Mle cluster call v1");

    // Grain interfaces outside ours that act as the cluster: publishing to or subscribing on any stream (memory stream
    // queues, the pub-sub rendezvous, a grain's stream consumer extension), managing the silos, the dashboard's data.
    // A client that could call them could forge another tenant's notifications or events without touching our grains.
    private static readonly string[] GuardedNamespaces = ["Mle.", "Orleans.Streams", "Orleans.Providers", "Orleans.Dashboard"];
    private static readonly Type[] GuardedInterfaces = [typeof(IManagementGrain)];

    private readonly byte[] _stamp;
    private readonly ConcurrentDictionary<Type, bool> _guarded = new();

    public ClusterCallStamp(IOptions<SecurityOptions> options)
    {
        var secret = options.Value.ClusterSecret is { Length: > 0 } configured ? Encoding.UTF8.GetBytes(configured) : RandomNumberGenerator.GetBytes(32);
        _stamp = HMACSHA256.HashData(secret, Purpose);
    }

    /// <summary>The stamp, for an outgoing call's request context (each message takes its own copy of the context).</summary>
    public byte[] Value => _stamp;

    /// <summary>Whether <paramref name="presented"/> (a request context value, from anyone) is this cluster's stamp; constant time.</summary>
    public bool Matches(object? presented) =>
        presented is byte[] bytes && CryptographicOperations.FixedTimeEquals(bytes, _stamp);

    /// <summary>
    /// Whether calls to <paramref name="grainInterface"/> carry the stamp, and are authorized as a client's when they
    /// do not: ours (<c>Mle.*</c>), and the Orleans interfaces through which a client could act as the cluster.
    /// </summary>
    public bool Guards(Type? grainInterface) =>
        grainInterface is not null && _guarded.GetOrAdd(grainInterface, type =>
            GuardedInterfaces.Contains(type)
            || (type.Namespace is { } ns && GuardedNamespaces.Any(guarded => ns.StartsWith(guarded, StringComparison.Ordinal))));
}
