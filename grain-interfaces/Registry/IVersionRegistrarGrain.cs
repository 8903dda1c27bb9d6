using Mle.Audit;
using Mle.Security;

namespace Mle.Registry;

/// <summary>
/// Registers a version whose bytes arrive in a grain call (the SDK's path, in or out of process). A
/// stateless worker on the silo that receives the call: it stores, hashes and inspects the artifact in its
/// own activation, off the model grain, then asks the model grain only to record the version, so scoring
/// and serving-snapshot reads of that model never wait for an upload. Use key 0.
/// </summary>
public interface IVersionRegistrarGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Registers <paramref name="request"/> as the next version of <paramref name="model"/> (<c>{tenant}/{model}</c>)
    /// and returns it Ready. The response timeout is sized for the largest artifact (256 MiB by default) at a
    /// slow disk and a slow inspection, not for Orleans' default 30 seconds.
    /// </summary>
    /// <exception cref="Errors.ModelNotFoundException">The model does not exist (checked before any work).</exception>
    /// <exception cref="Errors.VersionRecordFailedException">The version could not be recorded; nothing was registered as Ready.</exception>
    [Requires(Permission.Register, NameArgument = 0)]
    [Audited(AuditActions.VersionRegister, "models/{name}/versions")]
    [ResponseTimeout("00:10:00")]
    Task<ModelVersionInfo> Register(string model, RegisterVersion request);
}
