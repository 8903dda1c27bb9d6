using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mle.Errors;
using Mle.Streams;
using Mle.Telemetry;
using Orleans.Streams;

namespace Mle.Features;

/// <summary>
/// Consumes the stream <c>events/{tenant}/{featureset}</c> of the <c>mle</c> provider (an implicit subscription:
/// the first event activates it). Each event is validated and applied alone through the <see cref="FeatureMart"/>;
/// one that cannot be (unknown feature set or feature, missing id or entity, wrong type) goes to
/// <c>deadletters/{tenant}/{featureset}</c> as a <see cref="DeadLetteredEvent"/> with its reason, never silently
/// dropped. Other failures (storage) propagate, so the stream's delivery retries them where the backend does.
/// </summary>
[ImplicitStreamSubscription(StreamNames.Events)]
public sealed partial class FeatureEventsGrain(
    FeatureMart mart, FeatureSetCatalog catalog, IOptions<FeaturesOptions> options, TimeProvider time, ILogger<FeatureEventsGrain> logger)
    : Grain, IFeatureEventsGrain
{
    private IAsyncStream<DeadLetteredEvent>? _deadLetters;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var provider = this.GetStreamProvider(StreamNames.Provider);
        _deadLetters = provider.GetStream<DeadLetteredEvent>(StreamId.Create(StreamNames.DeadLetters, key));
        await provider.GetStream<FeatureEvent>(StreamId.Create(StreamNames.Events, key)).SubscribeAsync(OnEvent);
    }

    private async Task OnEvent(FeatureEvent e, StreamSequenceToken? token)
    {
        var received = Stopwatch.GetTimestamp();
        var key = this.GetPrimaryKeyString();
        FeatureSetDefinition definition;
        FeatureEvent valid;
        try
        {
            var set = ParseKey(key);
            definition = await catalog.Get(set);
            try
            {
                valid = FeatureEvents.ValidateOne(definition, e, time.GetUtcNow(), options.Value, "event");
            }
            catch (InvalidRequestException unknown) when (unknown.Code == ErrorCodes.UnknownFeature)
            {
                definition = await catalog.Refresh(set);
                valid = FeatureEvents.ValidateOne(definition, e, time.GetUtcNow(), options.Value, "event");
            }
        }
        catch (MleException bad) when (bad is InvalidRequestException or NotFoundException)
        {
            await DeadLetter(key, e, bad);
            return;
        }
        await mart.Apply(definition, [valid], received);
    }

    private async Task DeadLetter(string key, FeatureEvent e, MleException reason)
    {
        LogDeadLettered(logger, e?.Id, key, reason.Code, reason.Message);
        MleTelemetry.FeatureEventsDeadLettered.Add(1, new KeyValuePair<string, object?>(MleTelemetry.FeatureSetTag, key));
        await _deadLetters!.OnNextAsync(new DeadLetteredEvent(key, reason.Code, reason.Message, e!, time.GetUtcNow()));
    }

    private static FeatureSetRef ParseKey(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 2
            ? FeatureSetRef.Create(parts[0], parts[1])
            : throw MleErrors.InvalidName("events stream", key, "a feature set's events stream is named tenant/featureset.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} of stream events/{Stream} was dead-lettered: {Code}: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string? eventId, string stream, string code, string reason);
}
