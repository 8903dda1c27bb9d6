namespace Mle.Features.TrainingSets;

/// <summary>What a build wrote: its data rows (the header not counted) and its columns.</summary>
public sealed record TrainingSetSummary(long Rows, IReadOnlyList<string> Columns);
