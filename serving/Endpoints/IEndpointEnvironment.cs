using Mle.Features;

namespace Mle.Endpoints;

/// <summary>
/// What compiling a spec needs to know besides the models (which come from the serving seam): the specs of the
/// endpoints it nests, to check their schemas and cycles through them, and the feature sets it enriches from.
/// </summary>
public interface IEndpointEnvironment
{
    /// <summary>The current spec of endpoint <paramref name="name"/>, or null when there is none.</summary>
    ValueTask<EndpointSpec?> FindEndpoint(string tenant, string name, CancellationToken cancellationToken);

    /// <summary>The feature set's definition, or null when there is none.</summary>
    ValueTask<FeatureSetSpec?> FindFeatureSet(string tenant, string name, CancellationToken cancellationToken);
}
