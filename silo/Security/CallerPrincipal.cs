using System.Security.Claims;
using Mle.Security;

namespace Mle.Silo.Security;

/// <summary>
/// An authenticated request's principal that also keeps the <see cref="Caller"/> its claims were written from, so
/// that every check after authentication (route permission, the handler's tenant) reads it instead of parsing the
/// claims again. A validated API key's principal is built once and shared by the requests that present the key: it
/// is never changed after it is built (no claims transformation is registered).
/// </summary>
public sealed class CallerPrincipal(Caller caller, ClaimsIdentity identity) : ClaimsPrincipal(identity)
{
    public Caller Caller { get; } = caller;
}
