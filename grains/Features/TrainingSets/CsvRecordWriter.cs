using System.Text;

namespace Mle.Features.TrainingSets;

/// <summary>
/// Writes RFC 4180 records: CRLF after every record, a field quoted (its quotes doubled) only when it holds a comma,
/// a quote, a CR or an LF, or starts or ends with a space; null as an empty field. Records collect in memory until
/// <see cref="FlushTo"/> writes them out as UTF-8, so the caller decides how much is held (one chunk of rows).
/// </summary>
public sealed class CsvRecordWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly StringBuilder _text = new();

    public void Write(IReadOnlyList<string?> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                _text.Append(',');
            }
            Field(fields[i]);
        }
        _text.Append("\r\n");
    }

    /// <summary>Writes the records collected so far to <paramref name="output"/> and forgets them.</summary>
    public async Task FlushTo(Stream output, CancellationToken cancellationToken)
    {
        if (_text.Length == 0)
        {
            return;
        }
        var bytes = Utf8.GetBytes(_text.ToString());
        _text.Clear();
        await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    private void Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0 && value[0] != ' ' && value[^1] != ' ')
        {
            _text.Append(value);
            return;
        }
        _text.Append('"');
        foreach (var c in value)
        {
            if (c == '"')
            {
                _text.Append('"');
            }
            _text.Append(c);
        }
        _text.Append('"');
    }
}
