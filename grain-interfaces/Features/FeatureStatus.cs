namespace Mle.Features;

/// <summary>
/// The status of one looked-up value. On the wire: <c>PRESENT</c>, <c>NOT_FOUND</c>, <c>NULL</c>,
/// <c>OUTSIDE_MAX_AGE</c>.
/// </summary>
public enum FeatureStatus
{
    /// <summary>The value is there.</summary>
    Present = 0,

    /// <summary>No event (at or before the lookup time) ever gave the entity this feature; the value is null.</summary>
    NotFound = 1,

    /// <summary>
    /// The value is null: an event set the raw feature to null, or an aggregate that has no value for an empty
    /// window (avg, min, max, stddev).
    /// </summary>
    Null = 2,

    /// <summary>
    /// The feature's newest event (at or before the lookup time) is at least max age old; the value is null and
    /// the event time says how old it is.
    /// </summary>
    OutsideMaxAge = 3,
}
