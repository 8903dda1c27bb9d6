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

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public static bool IsValid(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>Throws <see cref="ErrorCodes.InvalidName"/> unless <paramref name="name"/> is a valid name.</summary>
    public static string Require(string what, string? name) =>
        IsValid(name) ? name! : throw MleErrors.InvalidName(what, name ?? "", Rule);

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
