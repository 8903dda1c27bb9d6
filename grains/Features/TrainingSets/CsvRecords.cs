using System.Text;
using Mle.Errors;

namespace Mle.Features.TrainingSets;

/// <summary>
/// Reads RFC 4180 records from text as it arrives, one at a time: fields separated by commas, records by CRLF (a bare
/// LF is accepted too), a field in double quotes may hold commas, line breaks and doubled quotes. Strict where the RFC
/// is: a quote inside an unquoted field, text after a closing quote or an unterminated quote is
/// <c>invalid_training_set</c> naming the line. Blank lines are skipped. A field longer than
/// <paramref name="maxFieldChars"/> is refused, so a missing closing quote cannot make one field of the whole input.
/// </summary>
public sealed class CsvRecords(TextReader reader, int maxFieldChars = CsvRecords.DefaultMaxFieldChars)
{
    public const int DefaultMaxFieldChars = 1024 * 1024;

    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _field = new();
    private int _position;
    private int _length;
    private bool _end;
    private long _line = 1;

    /// <summary>The line the last record returned started on (1-based).</summary>
    public long RecordLine { get; private set; }

    /// <summary>The next record, or null at the end of the text.</summary>
    public async ValueTask<string[]?> Next(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (!await Available(cancellationToken))
            {
                return null;
            }
            var c = _buffer[_position];
            if (c is not ('\r' or '\n'))
            {
                break;
            }
            // A blank line.
            _position++;
            if (c == '\n')
            {
                _line++;
            }
        }
        RecordLine = _line;
        var fields = new List<string>();
        while (true)
        {
            var (field, last) = await Field(cancellationToken);
            fields.Add(field);
            if (last)
            {
                return [.. fields];
            }
        }
    }

    /// <summary>One field and whether it ended its record.</summary>
    private async ValueTask<(string Field, bool Last)> Field(CancellationToken cancellationToken)
    {
        _field.Clear();
        if (await Available(cancellationToken) && _buffer[_position] == '"')
        {
            _position++;
            while (true)
            {
                if (!await Available(cancellationToken))
                {
                    throw Malformed($"a quoted field opened on line {RecordLine} is never closed");
                }
                var c = _buffer[_position++];
                if (c == '"')
                {
                    if (await Available(cancellationToken) && _buffer[_position] == '"')
                    {
                        _position++;
                        Append('"');
                        continue;
                    }
                    break;
                }
                if (c == '\n')
                {
                    _line++;
                }
                Append(c);
            }
            return (_field.ToString(), await Separator(quoted: true, cancellationToken));
        }
        while (await Available(cancellationToken))
        {
            var c = _buffer[_position];
            if (c is ',' or '\r' or '\n')
            {
                break;
            }
            if (c == '"')
            {
                throw Malformed($"line {_line} has a quote inside an unquoted field; quote the whole field and double the quote");
            }
            _position++;
            Append(c);
        }
        return (_field.ToString(), await Separator(quoted: false, cancellationToken));
    }

    /// <summary>Consumes what follows a field: a comma (more fields) or a line break or the end (the record's last).</summary>
    private async ValueTask<bool> Separator(bool quoted, CancellationToken cancellationToken)
    {
        if (!await Available(cancellationToken))
        {
            return true;
        }
        var c = _buffer[_position++];
        switch (c)
        {
            case ',':
                return false;
            case '\n':
                _line++;
                return true;
            case '\r':
                if (await Available(cancellationToken) && _buffer[_position] == '\n')
                {
                    _position++;
                }
                _line++;
                return true;
            default:
                throw Malformed(quoted
                    ? $"line {_line} has '{c}' after a closing quote; a quoted field ends with a quote followed by a comma or a line break"
                    : $"line {_line} cannot be read");
        }
    }

    private void Append(char c)
    {
        if (_field.Length == maxFieldChars)
        {
            throw Malformed($"a field on line {RecordLine} is longer than {maxFieldChars} characters");
        }
        _field.Append(c);
    }

    private async ValueTask<bool> Available(CancellationToken cancellationToken)
    {
        if (_position < _length)
        {
            return true;
        }
        if (_end)
        {
            return false;
        }
        _length = await reader.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        _position = 0;
        _end = _length == 0;
        return !_end;
    }

    private static InvalidRequestException Malformed(string what) => MleErrors.InvalidTrainingSet($"The CSV input is malformed: {what}.", "body");
}
