namespace Mle.Silo.Hosting;

/// <summary>
/// A backend named in configuration, checked against the names a setting accepts, so a typo fails
/// at startup with the setting's path and the valid choices instead of falling back silently.
/// </summary>
internal static class ProviderChoice
{
    public static void Check(ICollection<string> failures, string setting, string? value, IReadOnlyList<string> choices)
    {
        if (value is null || !choices.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{setting} '{value}' is not one of {string.Join(", ", choices)}.");
        }
    }

    public static void Require(ICollection<string> failures, string setting, string? value, string because)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{setting} is required {because}.");
        }
    }

    public static bool Is(string value, string choice) => string.Equals(value, choice, StringComparison.OrdinalIgnoreCase);
}
