namespace Mle.Errors;

/// <summary>
/// The configured limit a request crossed: the setting's full name (<c>Mle:Limits:MaxBatchRows</c>) and its value.
/// Every limit error carries one; over REST it is the problem's <c>limit</c> member.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ExceededLimit(
    [property: Id(0)] string Setting,
    [property: Id(1)] long Value)
{
    /// <summary>A limit of the <c>Mle:Limits</c> section, by its property name.</summary>
    public static ExceededLimit Of(string setting, long value) => new($"Mle:Limits:{setting}", value);
}
