namespace Mle.Endpoints;

/// <summary>
/// A label for an earlier prediction, joined by the response's <see cref="RequestId"/> and the row's index in that
/// request (<see cref="Row"/>, 0 unless given), or by <see cref="Entity"/>: the latest prediction for that entity key.
/// <see cref="Label"/> is a bool, a string or a double.
/// </summary>
public sealed record FeedbackLabel(string? RequestId, int Row, string? Entity, object Label);
