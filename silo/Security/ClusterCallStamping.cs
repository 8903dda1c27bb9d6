using Microsoft.Extensions.Options;

namespace Mle.Silo.Security;

/// <summary>
/// Stamps every call a silo makes to a guarded grain interface (<see cref="ClusterCallStamp.Guards"/>) as made inside
/// the cluster. Only for the message being sent: the stamp is removed again before control returns, and never put
/// on a call to a client (an observer, a stream delivery), so nothing a client receives carries it.
/// </summary>
internal sealed class ClusterCallStamping(ClusterCallStamp stamp, IOptions<SecurityOptions> security) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context) =>
        !security.Value.Enabled || GrainTypePrefix.IsClient(context.TargetId) || !stamp.Guards(context.Request.GetInterfaceType())
            ? context.Invoke()
            : Stamped(context);

    private async Task Stamped(IOutgoingGrainCallContext context)
    {
        // The message copies the request context when it is created, inside Invoke and before its first await.
        RequestContext.Set(ClusterCallStamp.RequestContextKey, stamp.Value);
        try
        {
            await context.Invoke();
        }
        finally
        {
            RequestContext.Remove(ClusterCallStamp.RequestContextKey);
        }
    }
}
