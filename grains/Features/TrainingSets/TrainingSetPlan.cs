using Mle.Errors;

namespace Mle.Features.TrainingSets;

/// <summary>
/// A training set's shape, checked before any row is read: which feature sets are read with which features, where
/// each set's entity id and the time are in the input, and the output columns: the input's, unchanged, then one
/// column per feature in request order (<c>set__feature</c>), each followed by its status column when asked for.
/// </summary>
public sealed class TrainingSetPlan
{
    /// <summary>The column that holds the entity id for a set whose entity key is not a column of the input.</summary>
    public const string EntityColumn = "entity";

    private TrainingSetPlan(
        IReadOnlyList<string> inputColumns, int timestampIndex, IReadOnlyList<PlannedSet> sets,
        IReadOnlyList<(int Set, int Feature)> features, IReadOnlyList<string> outputColumns, bool includeStatus)
    {
        InputColumns = inputColumns;
        TimestampIndex = timestampIndex;
        Sets = sets;
        Features = features;
        OutputColumns = outputColumns;
        IncludeStatus = includeStatus;
    }

    public IReadOnlyList<string> InputColumns { get; }

    public int TimestampIndex { get; }

    public IReadOnlyList<PlannedSet> Sets { get; }

    /// <summary>Each requested feature, in request order: its set (index into <see cref="Sets"/>) and its index in that set's features.</summary>
    public IReadOnlyList<(int Set, int Feature)> Features { get; }

    public IReadOnlyList<string> OutputColumns { get; }

    public bool IncludeStatus { get; }

    /// <summary>
    /// Checks the request against the definitions (by set name) and the input's columns. Throws
    /// <c>feature_set_not_found</c>, <c>unknown_feature</c> or <c>invalid_training_set</c> naming what is wrong.
    /// </summary>
    public static TrainingSetPlan Create(
        IReadOnlyList<TrainingFeature> features,
        IReadOnlyDictionary<string, FeatureSetDefinition> definitions,
        IReadOnlyList<string> inputColumns,
        string timestampColumn,
        bool includeStatus)
    {
        if (features.Count == 0)
        {
            throw MleErrors.InvalidTrainingSet("A training set needs at least one feature: \"features\": [\"card:amount\"].", "features");
        }
        var columnIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < inputColumns.Count; i++)
        {
            if (string.IsNullOrEmpty(inputColumns[i]))
            {
                throw MleErrors.InvalidTrainingSet($"Input column {i} has no name.", "columns");
            }
            if (!columnIndex.TryAdd(inputColumns[i], i))
            {
                throw MleErrors.InvalidTrainingSet($"The input has two columns named '{inputColumns[i]}'.", "columns");
            }
        }
        if (!columnIndex.TryGetValue(timestampColumn, out var timestampIndex))
        {
            throw MleErrors.InvalidTrainingSet(
                $"The input has no column '{timestampColumn}': every row needs the time its features are read at (ISO 8601).", "columns");
        }

        var sets = new List<PlannedSet>();
        var setIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var planned = new List<(int Set, int Feature)>();
        var outputColumns = new List<string>(inputColumns);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < features.Count; i++)
        {
            var feature = features[i];
            if (!seen.Add(feature.ToString()))
            {
                throw MleErrors.InvalidTrainingSet($"Feature {feature} is asked for twice.", $"features[{i}]");
            }
            if (!setIndex.TryGetValue(feature.Set, out var s))
            {
                var definition = definitions.TryGetValue(feature.Set, out var found) ? found : throw MleErrors.FeatureSetNotFound(feature.Set);
                var entityKey = definition.Info.Spec.EntityKey;
                var entityIndex = columnIndex.TryGetValue(entityKey, out var keyed) ? keyed
                    : columnIndex.TryGetValue(EntityColumn, out var plain) ? plain
                    : throw MleErrors.InvalidTrainingSet(
                        $"The input has neither a column '{entityKey}' (feature set '{feature.Set}''s entity key) nor a column '{EntityColumn}'.", "columns");
                s = sets.Count;
                setIndex[feature.Set] = s;
                sets.Add(new PlannedSet(definition, [], entityIndex));
            }
            var set = sets[s];
            if (!set.Definition.Declares(feature.Feature))
            {
                throw MleErrors.UnknownFeature(feature.Set, feature.Feature, $"features[{i}]");
            }
            planned.Add((s, set.Features.Count));
            set.Features.Add(feature.Feature);
            outputColumns.Add(feature.Column);
            if (includeStatus)
            {
                outputColumns.Add(feature.StatusColumn);
            }
        }
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in outputColumns)
        {
            if (!taken.Add(column))
            {
                throw MleErrors.InvalidTrainingSet($"The input already has a column '{column}', the name of a feature's output column.", "columns");
            }
        }
        return new TrainingSetPlan(inputColumns, timestampIndex, sets, planned, outputColumns, includeStatus);
    }

    /// <summary>The features read from one feature set, and the input column holding its entity id.</summary>
    public sealed record PlannedSet(FeatureSetDefinition Definition, List<string> Features, int EntityIndex);
}
