using System.Text.Json;
using Mle.Features;

namespace Mle.Endpoints;

/// <summary>What compiling a spec reads besides models, from the grains: nested endpoints' specs and feature sets' definitions.</summary>
public sealed class GrainEndpointEnvironment(IGrainFactory grains) : IEndpointEnvironment
{
    public async ValueTask<EndpointSpec?> FindEndpoint(string tenant, string name, CancellationToken cancellationToken)
    {
        var info = await grains.GetGrain<IEndpointGrain>($"{tenant}/{name}").Find().WaitAsync(cancellationToken);
        return info is null ? null : EndpointSpecReader.Read(info.Spec).Spec;
    }

    public async ValueTask<FeatureSetSpec?> FindFeatureSet(string tenant, string name, CancellationToken cancellationToken) =>
        (await grains.GetGrain<IFeatureSetGrain>($"{tenant}/{name}").Find().WaitAsync(cancellationToken))?.Spec;
}
