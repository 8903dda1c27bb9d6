using System.Text.RegularExpressions;

namespace Mle.Pipelines;

/// <summary>
/// The rule for the names of record fields a pipeline declares or computes: what an expression can name, so an
/// identifier (<c>[A-Za-z_][A-Za-z0-9_]*</c>) that is not one of the language's words.
/// </summary>
public static partial class FieldNames
{
    public const string Rule = "a field name is a letter or '_' followed by letters, digits or '_', and not true, false, null or in";

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    public static bool IsValid(string? name) =>
        name is not null && Identifier().IsMatch(name) && name is not ("true" or "false" or "null" or "in");
}
