namespace Mle.Features.TrainingSets;

/// <summary>A training-set request checked as far as it can be before its rows are read (see <see cref="TrainingSets.Prepare"/>).</summary>
public sealed record PreparedTrainingSet(
    string Tenant,
    string Name,
    IReadOnlyList<TrainingFeature> Features,
    IReadOnlyDictionary<string, FeatureSetDefinition> Definitions,
    string TimestampColumn,
    string Format = Mle.Datasets.DatasetInfo.Csv);
