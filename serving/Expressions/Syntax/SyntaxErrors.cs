using Antlr4.Runtime;
using Mle.Errors;

namespace Mle.Serving.Expressions.Syntax;

/// <summary>
/// Collects the lexer's and the parser's complaints as problems with positions, in words of our own (the parser's
/// list of every token it expected helps nobody), instead of the runtime's default of printing them to the console.
/// </summary>
internal sealed class SyntaxErrors(string text) : IAntlrErrorListener<int>, IAntlrErrorListener<IToken>
{
    private const int MaxReported = 10;
    private readonly List<ExpressionProblem> _problems = [];

    public IReadOnlyList<ExpressionProblem> Problems => _problems;

    public void SyntaxError(TextWriter output, IRecognizer recognizer, int offendingSymbol, int line, int charPositionInLine, string msg, RecognitionException e)
    {
        var position = Offset(line, charPositionInLine);
        var character = position < text.Length ? text[position] : ' ';
        Add(position, 1, character is '"' or '\''
            ? $"The string at column {position + 1} is not closed or has an escape that is not one (write \\\\ for a backslash)."
            : $"Unexpected character '{character}' at column {position + 1}.");
    }

    public void SyntaxError(TextWriter output, IRecognizer recognizer, IToken offendingSymbol, int line, int charPositionInLine, string msg, RecognitionException e)
    {
        if (offendingSymbol is null || offendingSymbol.Type == TokenConstants.EOF)
        {
            Add(text.Length, 0, "The expression ends where more was expected (an operand or a closing bracket).");
            return;
        }
        var position = offendingSymbol.StartIndex >= 0 ? offendingSymbol.StartIndex : Offset(line, charPositionInLine);
        var length = Math.Max(1, offendingSymbol.StopIndex - offendingSymbol.StartIndex + 1);
        Add(position, length, $"Unexpected '{offendingSymbol.Text}' at column {position + 1}.");
    }

    private void Add(int position, int length, string message)
    {
        if (_problems.Count < MaxReported)
        {
            _problems.Add(new ExpressionProblem(ErrorCodes.InvalidExpression, message, position, length));
        }
    }

    private int Offset(int line, int column)
    {
        var offset = 0;
        for (var l = 1; l < line && offset < text.Length; l++)
        {
            var next = text.IndexOf('\n', offset);
            offset = next < 0 ? text.Length : next + 1;
        }
        return Math.Min(text.Length, offset + column);
    }
}
