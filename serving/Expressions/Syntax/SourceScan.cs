using System.Globalization;
using Mle.Errors;

namespace Mle.Serving.Expressions.Syntax;

/// <summary>
/// What is checked on the raw text before the parser sees it: the length, characters that hide what the text says
/// (bidirectional overrides, zero-width and other invisible format characters, control characters), and how deeply
/// brackets and conditionals nest, which bounds the parser's recursion whatever the text.
/// </summary>
internal static class SourceScan
{
    public static ExpressionProblem? Check(string text, ExpressionLimits limits)
    {
        if (text.Length > limits.MaxExpressionLength)
        {
            return new ExpressionProblem(ErrorCodes.ExpressionTooComplex,
                $"The expression is {text.Length} characters long; the limit is {limits.MaxExpressionLength} ({ExpressionLimits.Section}:{nameof(ExpressionLimits.MaxExpressionLength)}).",
                0, text.Length);
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ExpressionProblem(ErrorCodes.InvalidExpression, "The expression is empty.", 0, text.Length);
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var category = char.GetUnicodeCategory(c);
            var hidden = category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                || (category == UnicodeCategory.Control && c is not ('\t' or '\n' or '\r'))
                || (char.IsSurrogate(c) && !char.IsSurrogatePair(text, i > 0 && char.IsLowSurrogate(c) ? i - 1 : i));
            if (hidden)
            {
                return new ExpressionProblem(ErrorCodes.InvalidExpression,
                    $"The expression contains an invisible, control or unpaired character U+{(int)c:X4} at column {i + 1}; write it as an escape inside a string if it is meant.",
                    i, 1);
            }
        }
        return CheckNesting(text, limits);
    }

    private static ExpressionProblem? CheckNesting(string text, ExpressionLimits limits)
    {
        var depth = 0;
        var conditionals = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '"' or '\'')
            {
                i = EndOfString(text, i);
                continue;
            }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                var end = text.IndexOf('\n', i);
                i = end < 0 ? text.Length : end;
                continue;
            }
            if (c is '(' or '[' or '{' or '?')
            {
                if (c == '?')
                {
                    conditionals++;
                }
                else
                {
                    depth++;
                }
                if (depth + conditionals > limits.MaxExpressionDepth)
                {
                    return TooDeep(limits, i);
                }
            }
            else if (c is ')' or ']' or '}')
            {
                depth = Math.Max(0, depth - 1);
            }
        }
        return null;
    }

    public static ExpressionProblem TooDeep(ExpressionLimits limits, int position) =>
        new(ErrorCodes.ExpressionTooComplex,
            $"The expression nests more than {limits.MaxExpressionDepth} levels deep at column {position + 1} ({ExpressionLimits.Section}:{nameof(ExpressionLimits.MaxExpressionDepth)}).",
            position, 1);

    /// <summary>The index of the closing quote of the string starting at <paramref name="start"/> (raw and triple-quoted ones too).</summary>
    private static int EndOfString(string text, int start)
    {
        var quote = text[start];
        var raw = start > 0 && text[start - 1] is 'r' or 'R';
        var triple = start + 2 < text.Length && text[start + 1] == quote && text[start + 2] == quote;
        for (var i = start + (triple ? 3 : 1); i < text.Length; i++)
        {
            if (text[i] == '\\' && !raw)
            {
                i++;
                continue;
            }
            if (text[i] == quote && (!triple || (i + 2 < text.Length && text[i + 1] == quote && text[i + 2] == quote)))
            {
                return triple ? i + 2 : i;
            }
        }
        return text.Length;
    }
}
