using Mle.Errors;

namespace Mle.Silo.Limits;

/// <summary>A request's admission: the lease to dispose when it ends, or why it is refused.</summary>
public readonly record struct KeyAdmission(IDisposable? Lease, TooManyRequestsException? Refusal);
