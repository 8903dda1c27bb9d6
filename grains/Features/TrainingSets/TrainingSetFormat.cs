using Mle.Datasets;
using Mle.Errors;

namespace Mle.Features.TrainingSets;

/// <summary>The formats a training set is stored in: <c>csv</c> (the default) and <c>parquet</c>.</summary>
public static class TrainingSetFormat
{
    /// <summary>The format named <paramref name="format"/> (any case; null or empty is <c>csv</c>), or <c>invalid_training_set</c>.</summary>
    public static string Parse(string? format) => format?.ToLowerInvariant() switch
    {
        null or "" or DatasetInfo.Csv => DatasetInfo.Csv,
        DatasetInfo.Parquet => DatasetInfo.Parquet,
        _ => throw MleErrors.InvalidTrainingSet($"'{format}' is not a training-set format: use csv or parquet.", "format"),
    };
}
