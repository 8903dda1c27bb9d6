using Mle.Security;

namespace Mle.Features;

/// <summary>
/// The feature mart's front door on each silo (a stateless worker, key 0): validates a whole batch against the
/// set's definition before anything is applied, then fans out to the entities in parallel. The REST gateway and
/// the SDK both use it; <c>featureSet</c> is the tenant-qualified <c>{tenant}/{name}</c>.
/// </summary>
public interface IFeatureMartGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Applies a batch of events. A bad event (unknown feature set or feature, missing id or entity, wrong type,
    /// more than <c>Mle:Limits:MaxEventsPerPush</c> events) fails the whole batch and changes nothing.
    /// </summary>
    [Requires(Permission.PushFeatures, NameArgument = 0)]
    Task<PushResult> Push(string featureSet, IReadOnlyList<FeatureEvent> events);

    /// <summary>Looks up features of many entities at once (in parallel), now or as of a past time.</summary>
    [Requires(Permission.LookupFeatures, NameArgument = 0)]
    Task<FeatureLookupResult> Lookup(string featureSet, FeatureLookup request);
}
