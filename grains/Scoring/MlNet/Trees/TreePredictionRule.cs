using Microsoft.ML.Calibrators;

namespace Mle.Scoring.MlNet.Trees;

/// <summary>
/// How ML.NET turns an ensemble's raw sum into the prediction columns, for the predictors the compiler accepts:
/// the score is the sum as a float (a forest regression divides that float by its tree count); the probability is
/// the model's own calibrator applied to the score; the predicted label is whether the thresholded column (the score,
/// or the probability) is above the prediction transformer's threshold.
/// </summary>
internal sealed class TreePredictionRule(int? meanOver, ICalibrator? calibrator, float? threshold, bool thresholdOnProbability)
{
    public bool HasProbability => calibrator is not null;

    public bool HasLabel => threshold is not null && (!thresholdOnProbability || calibrator is not null);

    public float Score(double sum) => meanOver is { } trees ? (float)sum / trees : (float)sum;

    public float Probability(float score) =>
        (calibrator ?? throw new InvalidOperationException("The model has no calibrator.")).PredictProbability(score);

    public bool Label(float score, float probability) =>
        (thresholdOnProbability ? probability : score) > (threshold ?? throw new InvalidOperationException("The model has no threshold."));
}
