using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Mle.Errors;

namespace Mle.Naming;

/// <summary>
/// The rules for tenant, model and alias names. Names become parts of grain keys
/// (<c>{tenant}/{model}/{version}</c>), so '/' and '@' are never allowed.
/// </summary>
public static partial class Names
{
    public const string DefaultTenant = "default";
    public const int MaxLength = 128;
    private const string Rule = "use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit.";

    // \z, not $: '$' also matches before a final "\n", which let "name\n" through into grain keys and headers.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public static bool IsValid(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>Throws <see cref="ErrorCodes.InvalidName"/> unless <paramref name="name"/> is a valid name.</summary>
    public static string Require(string what, string? name) =>
        IsValid(name) ? name! : throw MleErrors.InvalidName(what, Printable(name ?? ""), Rule);

    /// <summary>
    /// A rejected name as it can be echoed in a message: control characters and lone surrogates escaped
    /// (a JSON writer refuses invalid UTF-16, and a raw newline would forge log lines), and cut short.
    /// </summary>
    private static string Printable(string name)
    {
        const int Shown = 64;
        var end = Math.Min(name.Length, Shown);
        var text = new StringBuilder(end + 32);
        for (var i = 0; i < end; i++)
        {
            var c = name[i];
            var paired = char.IsHighSurrogate(c) ? i + 1 < end && char.IsLowSurrogate(name[i + 1])
                : char.IsLowSurrogate(c) ? i > 0 && char.IsHighSurrogate(name[i - 1])
                : true;
            if (char.IsControl(c) || !paired)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                text.Append(c);
            }
        }
        if (name.Length > Shown)
        {
            text.Append(CultureInfo.InvariantCulture, $"... ({name.Length} characters)");
        }
        return text.ToString();
    }

    /// <summary>An alias is a name that is not a number, so <c>name@7</c> and <c>name@champion</c> never collide.</summary>
    public static string RequireAlias(string? alias)
    {
        var name = Require("alias", alias);
        if (name.All(char.IsAsciiDigit))
        {
            throw MleErrors.InvalidName("alias", name, "an alias cannot be a number; numbers name versions.");
        }
        return name;
    }
}
