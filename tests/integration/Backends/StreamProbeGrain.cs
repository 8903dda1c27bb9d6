using Orleans.Streams;
using Orleans.Streams.Core;

namespace Mle.Tests.Integration.Backends;

/// <summary>A test-only consumer of the <see cref="Namespace"/> stream of its key, subscribed implicitly: it keeps what arrived.</summary>
public interface IStreamProbeGrain : IGrainWithStringKey
{
    Task<IReadOnlyList<string>> Received();
}

[ImplicitStreamSubscription(Namespace)]
public sealed class StreamProbeGrain : Grain, IStreamProbeGrain, IStreamSubscriptionObserver, IAsyncObserver<string>
{
    public const string Namespace = "backend-probe";
    private readonly List<string> _received = [];

    public Task<IReadOnlyList<string>> Received() => Task.FromResult<IReadOnlyList<string>>([.. _received]);

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<string>().ResumeAsync(this);

    public Task OnNextAsync(string item, StreamSequenceToken? token = null)
    {
        _received.Add(item);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
