namespace Mle.Features.TrainingSets;

/// <summary>One feature of one training row: its value as of the row's time and its status.</summary>
public readonly record struct TrainingCell(FeatureValue Value, TrainingCellStatus Status);
