using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Errors;

namespace Mle.Registry;

/// <summary>
/// This silo's bound on uploads received at once (<see cref="LimitsOptions.MaxConcurrentUploads"/>), shared by the
/// REST upload route and the SDK's registrar. One over the bound is refused at once rather than queued: a queued
/// upload would hold its connection and its body in flight with no progress to show.
/// </summary>
public sealed class UploadSlots(IOptions<LimitsOptions> limits)
{
    private readonly int _limit = limits.Value.MaxConcurrentUploads;
    private int _inUse;

    public int InUse => Volatile.Read(ref _inUse);

    /// <summary>Takes a slot until the returned value is disposed; throws <c>too_many_uploads</c> when none is free.</summary>
    public IDisposable Enter()
    {
        if (Interlocked.Increment(ref _inUse) > _limit)
        {
            Interlocked.Decrement(ref _inUse);
            throw MleErrors.TooManyUploads(_limit);
        }
        return new Slot(this);
    }

    private sealed class Slot(UploadSlots slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref slots._inUse);
            }
        }
    }
}
