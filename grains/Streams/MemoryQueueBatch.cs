using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Mle.Streams;

/// <summary>
/// One queued message as the pulling agent caches and delivers it: the producer's events, unserialized, each with
/// its own token (the message's sequence number and the event's index in it).
/// </summary>
[GenerateSerializer, Immutable]
public sealed class MemoryQueueBatch : IBatchContainer
{
    public MemoryQueueBatch(MemoryQueueItem item)
    {
        StreamId = item.Message.Stream;
        Events = item.Message.Events;
        RequestContext = item.Message.RequestContext;
        Token = new EventSequenceTokenV2(item.Sequence);
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public object[] Events { get; }

    [Id(2)]
    public Dictionary<string, object>? RequestContext { get; }

    [Id(3)]
    public EventSequenceTokenV2 Token { get; }

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        for (var i = 0; i < Events.Length; i++)
        {
            // A null a producer sent is delivered as null (consumers dead-letter it), never dropped.
            if (Events[i] is T or null)
            {
                yield return Tuple.Create<T, StreamSequenceToken>((T)Events[i]!, Token.CreateSequenceTokenForEvent(i));
            }
        }
    }

    public bool ImportRequestContext()
    {
        if (RequestContext is not { Count: > 0 } context)
        {
            return false;
        }
        RequestContextExtensions.Import(context);
        return true;
    }
}
