namespace Mle.Scoring.MlNet.Trees;

/// <summary>The prediction columns a compiled tree ensemble answers.</summary>
internal enum TreeOutput
{
    Score,
    Probability,
    PredictedLabel,
}
