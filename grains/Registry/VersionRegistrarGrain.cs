using Mle.Errors;
using Mle.Naming;

namespace Mle.Registry;

/// <summary>
/// The SDK's way in to <see cref="VersionRegistrar"/>: bytes sent in a grain call land here, on the silo that
/// received them (a stateless worker is always local), and the work runs on the thread pool, not in this
/// activation's turn nor in the model grain's. Reentrant: it keeps no state, and <see cref="UploadSlots"/> is the bound.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class VersionRegistrarGrain(VersionRegistrar registrar) : Grain, IVersionRegistrarGrain
{
    public Task<ModelVersionInfo> Register(string model, RegisterVersion request)
    {
        ModelRef parsed;
        try
        {
            var key = ModelRef.ParseKey(model);
            parsed = ModelRef.Create(key.Tenant, key.Model);
        }
        catch (FormatException)
        {
            throw MleErrors.InvalidName("model key", model, "a model key is tenant/model.");
        }
        return Task.Run(() => registrar.Register(parsed, request, CancellationToken.None));
    }
}
