using Mle.Data;
using Mle.Security;

namespace Mle.Endpoints;

/// <summary>
/// The SDK's way to score through an endpoint: a stateless worker (key 0) on the silo the client reaches, which serves
/// from that silo's replicated endpoint catalog; the endpoint's own grain is never called. <c>endpoint</c> is the
/// tenant-qualified <c>{tenant}/{name}</c>.
/// </summary>
public interface IEndpointServingGrain : IGrainWithIntegerKey
{
    [Requires(Permission.Score, NameArgument = 0)]
    Task<EndpointScoreResult> Score(string endpoint, ColumnBatch rows);
}
