using System.Globalization;
using System.Text;

namespace Mle.Serving.Expressions.Syntax;

/// <summary>
/// Reads a CEL string literal token: single, double or triple quotes, an <c>r</c> prefix for raw text, and the escapes
/// <c>\\ \" \' \` \? \a \b \f \n \r \t \v \xHH \uHHHH \UHHHHHHHH \ooo</c>.
/// </summary>
internal static class StringLiteral
{
    /// <summary>The string's value, or null with <paramref name="error"/> saying which escape is wrong.</summary>
    public static string? Read(string token, out string? error)
    {
        error = null;
        var raw = token[0] is 'r' or 'R';
        var body = raw ? token[1..] : token;
        var quoteLength = body.Length >= 6 && (body.StartsWith("\"\"\"", StringComparison.Ordinal) || body.StartsWith("'''", StringComparison.Ordinal)) ? 3 : 1;
        body = body[quoteLength..^quoteLength];
        if (raw || !body.Contains('\\', StringComparison.Ordinal))
        {
            return body;
        }
        var value = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\')
            {
                value.Append(body[i]);
                continue;
            }
            if (++i == body.Length)
            {
                error = "a string ends with a lone backslash";
                return null;
            }
            var escape = body[i];
            switch (escape)
            {
                case '\\' or '"' or '\'' or '`' or '?':
                    value.Append(escape);
                    break;
                case 'a': value.Append('\a'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                case 'v': value.Append('\v'); break;
                case 'x' or 'X' or 'u' or 'U':
                    var digits = escape switch { 'u' => 4, 'U' => 8, _ => 2 };
                    if (body.Length - i - 1 < digits
                        || !int.TryParse(body.AsSpan(i + 1, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        error = $"'\\{escape}' needs {digits} hexadecimal digits";
                        return null;
                    }
                    if (!Rune.TryCreate(code, out var rune))
                    {
                        error = $"'\\{escape}{code:X}' is not a Unicode scalar value";
                        return null;
                    }
                    value.Append(rune.ToString());
                    i += digits;
                    break;
                case >= '0' and <= '3':
                    if (body.Length - i < 3 || !IsOctal(body[i + 1]) || !IsOctal(body[i + 2]))
                    {
                        error = "an octal escape needs three digits (\\000 to \\377)";
                        return null;
                    }
                    value.Append((char)(((escape - '0') * 64) + ((body[i + 1] - '0') * 8) + (body[i + 2] - '0')));
                    i += 2;
                    break;
                default:
                    error = $"'\\{escape}' is not an escape";
                    return null;
            }
        }
        return value.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
