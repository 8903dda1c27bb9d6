using System.Globalization;
using System.Text.RegularExpressions;
using Mle.Errors;

namespace Mle.Features;

/// <summary>
/// Durations as feature sets write them: a whole number and one unit, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c> or
/// <c>d</c> (<c>"500ms"</c>, <c>"1s"</c>, <c>"10m"</c>, <c>"1h"</c>, <c>"1d"</c>). No fractions, no sums, no
/// signs: a window is read the same way by everyone.
/// </summary>
public static partial class Durations
{
    [GeneratedRegex(@"^([0-9]{1,9})(ms|s|m|h|d)\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Whether <paramref name="text"/> is a duration (zero included); <paramref name="duration"/> is it.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (text is null || Pattern().Match(text) is not { Success: true } match)
        {
            return false;
        }
        var count = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        duration = match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(count),
            "s" => TimeSpan.FromSeconds(count),
            "m" => TimeSpan.FromMinutes(count),
            "h" => TimeSpan.FromHours(count),
            _ => TimeSpan.FromDays(count),
        };
        return true;
    }

    /// <summary>Parses a duration or throws <c>invalid_feature_set</c> naming <paramref name="target"/>.</summary>
    public static TimeSpan Parse(string? text, string target) =>
        TryParse(text, out var duration)
            ? duration
            : throw MleErrors.InvalidFeatureSet(
                $"'{text}' is not a duration: write a whole number and one unit, ms, s, m, h or d (\"1s\", \"10m\", \"1h\", \"1d\").", target);

    /// <summary>Parses an optional duration (null stays null).</summary>
    public static TimeSpan? ParseOptional(string? text, string target) => text is null ? null : Parse(text, target);

    /// <summary>The shortest way to write <paramref name="duration"/>: the largest unit that divides it (<c>"10m"</c>, <c>"90s"</c>).</summary>
    public static string Format(TimeSpan duration)
    {
        var ms = (long)duration.TotalMilliseconds;
        if (duration.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            return duration.ToString("c", CultureInfo.InvariantCulture);
        }
        (long Size, string Unit)[] units = [(86_400_000, "d"), (3_600_000, "h"), (60_000, "m"), (1000, "s")];
        foreach (var (size, unit) in units)
        {
            if (ms != 0 && ms % size == 0)
            {
                return (ms / size).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }
        return ms == 0 ? "0s" : ms.ToString(CultureInfo.InvariantCulture) + "ms";
    }

    /// <summary>Formats an optional duration (null stays null).</summary>
    public static string? FormatOptional(TimeSpan? duration) => duration is { } value ? Format(value) : null;
}
