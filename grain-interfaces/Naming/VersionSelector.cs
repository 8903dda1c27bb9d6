using System.Globalization;
using Mle.Errors;

namespace Mle.Naming;

/// <summary>
/// What a caller writes where a version is expected: a number (<c>7</c>) or an alias (<c>champion</c>).
/// <c>name@alias</c> and <c>name@7</c> are parsed by <see cref="ParseQualified"/>.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct VersionSelector([property: Id(0)] int? Number, [property: Id(1)] string? Alias)
{
    public bool IsAlias => Alias is not null;

    /// <summary>
    /// What an unversioned request is served by: the model's <c>champion</c> alias, or without one its newest
    /// Ready, unarchived version (the serving library's <c>VersionChoice</c> holds the rule).
    /// </summary>
    public static VersionSelector Default => default;

    public bool IsDefault => Number is null && Alias is null;

    public static VersionSelector ForVersion(int version) => new(version, null);

    public static VersionSelector ForAlias(string alias) => new(null, Names.RequireAlias(alias));

    public static VersionSelector Parse(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number >= 1 ? ForVersion(number) : throw MleErrors.InvalidRequest($"Version '{text}' must be 1 or greater.", "version");
        }
        return ForAlias(text);
    }

    /// <summary>Parses <c>model@7</c> or <c>model@alias</c>.</summary>
    public static (string Model, VersionSelector Version) ParseQualified(string text)
    {
        var at = text.IndexOf('@');
        if (at <= 0 || at == text.Length - 1)
        {
            throw MleErrors.InvalidRequest($"'{text}' is not of the form model@version or model@alias.", "model");
        }
        return (Names.Require("model name", text[..at]), Parse(text[(at + 1)..]));
    }

    public override string ToString() => Alias ?? Number?.ToString(CultureInfo.InvariantCulture) ?? "default";
}
