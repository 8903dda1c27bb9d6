using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;

namespace Mle.Streams;

/// <summary>
/// The embedded stream backend: Orleans' persistent-stream machinery (pulling agents, queue balancing, pub-sub,
/// delivery retries) over <see cref="IMemoryQueueGrain"/> queues that keep producers' events as objects. Orleans' own
/// memory streams serialize each producer call into bytes, copy the bytes into and out of their queue grain and into
/// a pooled cache, and deserialize them for delivery; here a producer's events reach the consumer as they were given
/// (deep-copied first unless immutable, the copy semantics of any grain call), cached as they are, and serialized only
/// by a grain call that crosses silos. Reads long-poll (<see cref="MemoryQueueReceiver"/>).
/// </summary>
internal sealed class MemoryQueueAdapter(
    string name, MemoryQueueSettings settings, IGrainFactory grains, DeepCopier copier, ILoggerFactory loggers)
    : IQueueAdapterFactory, IQueueAdapter
{
    private readonly HashRingBasedStreamQueueMapper _mapper = new(new HashRingStreamQueueMapperOptions { TotalQueueCount = settings.Queues }, name);
    private readonly SimpleQueueAdapterCache _cache = new(new SimpleQueueCacheOptions { CacheSize = settings.CacheSize }, name, loggers);
    private readonly Task<IStreamFailureHandler> _failures = Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());
    // Resolving a grain reference (interface to grain type, key parsing) cost a quarter of an enqueue in a profile.
    private readonly ConcurrentDictionary<QueueId, IMemoryQueueGrain> _queues = new();

    public static MemoryQueueAdapter Create(IServiceProvider services, string name) => new(
        name,
        services.GetRequiredKeyedService<MemoryQueueSettings>(name),
        services.GetRequiredService<IGrainFactory>(),
        services.GetRequiredService<DeepCopier>(),
        services.GetRequiredService<ILoggerFactory>());

    public string Name => name;

    // Like Azure Queue, not rewindable: what was delivered is gone from the queue, and the cache is no archive.
    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public Task<IQueueAdapter> CreateAdapter() => Task.FromResult<IQueueAdapter>(this);

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => _failures;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => new MemoryQueueReceiver(Queue(queueId), settings.ReadWait);

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        // The copier hands back an immutable item as it is, so the platform's own items cost nothing here.
        var items = new List<object>();
        foreach (var e in events)
        {
            items.Add(copier.Copy(e)!);
        }
        return Queue(_mapper.GetQueueForStream(streamId)).Enqueue(new MemoryQueueMessage(streamId, [.. items], requestContext));
    }

    private IMemoryQueueGrain Queue(QueueId queueId) => _queues.GetOrAdd(queueId, static (id, arg) =>
        arg.grains.GetGrain<IMemoryQueueGrain>(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{arg.name}/{id.GetNumericId()}")), (grains, name));
}
