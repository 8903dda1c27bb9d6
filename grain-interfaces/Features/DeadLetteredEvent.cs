using Mle.Errors;

namespace Mle.Features;

/// <summary>
/// An event from the <c>events</c> stream that could not be applied, as published on the <c>deadletters</c> stream
/// of the same id: <paramref name="Code"/> is the stable error code (<see cref="ErrorCodes"/>), <paramref name="Reason"/>
/// the message, <paramref name="Event"/> the original event, untouched.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DeadLetteredEvent(
    [property: Id(0)] string FeatureSet,
    [property: Id(1)] string Code,
    [property: Id(2)] string Reason,
    [property: Id(3)] FeatureEvent Event,
    [property: Id(4)] DateTimeOffset At);
