using Mle.Data;

namespace Mle.Client;

/// <summary>Predictions for every input row, with the version that actually scored them.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version that scored, after resolving any alias.</param>
/// <param name="Predictions">One value per row in each output column.</param>
public sealed record ScoreResult(string Model, int Version, ColumnBatch Predictions);
