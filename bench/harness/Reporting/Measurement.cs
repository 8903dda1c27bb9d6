namespace Mle.Bench.Reporting;

/// <summary>One measured value, or the reason it could not be measured (never a made-up number).</summary>
public readonly record struct Measurement(double? Value, string? Unavailable)
{
    public static Measurement Of(double value) => new(value, null);

    public static Measurement NotAvailable(string reason) => new(null, reason);

    public string Format() => Value is { } v ? v.ToString(v >= 100 ? "N0" : "0.###", CultureInfo.InvariantCulture) : "not available";
}
