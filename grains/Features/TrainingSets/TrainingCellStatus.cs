namespace Mle.Features.TrainingSets;

/// <summary>
/// The status of one feature of one training row: a lookup's <see cref="FeatureStatus"/>, or
/// <see cref="OutsideRetention"/> for a row older than its feature set keeps history for. On the wire (status columns)
/// <c>PRESENT</c>, <c>NOT_FOUND</c>, <c>NULL</c>, <c>OUTSIDE_MAX_AGE</c>, <c>OUTSIDE_RETENTION</c>.
/// </summary>
public enum TrainingCellStatus
{
    Present = 0,
    NotFound = 1,
    Null = 2,
    OutsideMaxAge = 3,

    /// <summary>
    /// The row's time is before <c>now − retention</c> of the feature set, the same bound an <c>asOf</c> lookup is
    /// refused at: the history that would answer it may be gone, so no value is given rather than a wrong one.
    /// </summary>
    OutsideRetention = 4,
}

public static class TrainingCellStatuses
{
    public static TrainingCellStatus Of(FeatureStatus status) => status switch
    {
        FeatureStatus.Present => TrainingCellStatus.Present,
        FeatureStatus.NotFound => TrainingCellStatus.NotFound,
        FeatureStatus.Null => TrainingCellStatus.Null,
        _ => TrainingCellStatus.OutsideMaxAge,
    };

    public static string Name(TrainingCellStatus status) => status switch
    {
        TrainingCellStatus.Present => "PRESENT",
        TrainingCellStatus.NotFound => "NOT_FOUND",
        TrainingCellStatus.Null => "NULL",
        TrainingCellStatus.OutsideMaxAge => "OUTSIDE_MAX_AGE",
        _ => "OUTSIDE_RETENTION",
    };
}
