using Microsoft.ML.OnnxRuntime;
using Mle.Data;
using Mle.Errors;
using Mle.Schema;

namespace Mle.Scoring.Onnx;

/// <summary>
/// Scores an ONNX model on named tensors: each input column becomes one tensor of shape
/// [rows, ...row shape]. Numeric columns are pinned in place, not copied, since columns are immutable
/// and already laid out row after row.
/// </summary>
internal sealed class OnnxScoringEngine(OnnxModel model) : IScoringEngine
{
    private readonly string[] _inputNames = [.. model.Inputs.Select(i => i.Name)];
    private readonly string[] _outputNames = [.. model.Outputs.Select(o => o.Name)];

    /// <summary>Holds nothing native between calls: every tensor of a call is disposed by that call.</summary>
    public void Dispose()
    {
    }

    public ColumnBatch Score(ColumnBatch input)
    {
        var tensors = new List<OrtValue>(model.Inputs.Count);
        try
        {
            foreach (var spec in model.Inputs)
            {
                tensors.Add(ToTensor(spec, input[spec.Name], input.RowCount));
            }
            using var runOptions = new RunOptions();
            using var results = model.Session.Run(runOptions, _inputNames, tensors, _outputNames);
            var columns = new Column[_outputNames.Length];
            var i = 0;
            foreach (var result in results)
            {
                columns[i] = ToColumn(model.Outputs[i], result, input.RowCount);
                i++;
            }
            return new ColumnBatch(input.RowCount, columns);
        }
        finally
        {
            foreach (var tensor in tensors)
            {
                tensor.Dispose();
            }
        }
    }

    private static OrtValue ToTensor(OnnxTensorSpec spec, Column column, int rows)
    {
        var shape = Shape(spec, column, rows);
        return column switch
        {
            Column<float> c => OrtValue.CreateTensorValueFromMemory(c.Values, shape),
            Column<double> c => OrtValue.CreateTensorValueFromMemory(c.Values, shape),
            Column<int> c => OrtValue.CreateTensorValueFromMemory(c.Values, shape),
            Column<long> c => OrtValue.CreateTensorValueFromMemory(c.Values, shape),
            Column<uint> c => OrtValue.CreateTensorValueFromMemory(c.Values, shape),
            Column<bool> c => OrtValue.CreateTensorValueFromMemory(c.Values, shape),
            Column<string> c => StringTensor(c.Values, shape),
            _ => throw new NotSupportedException($"Column '{column.Name}' of kind {column.Kind} cannot be an ONNX tensor."),
        };
    }

    private static OrtValue StringTensor(string[] values, long[] shape)
    {
        var tensor = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        for (var i = 0; i < values.Length; i++)
        {
            tensor.StringTensorSetElementAt(values[i].AsSpan(), i);
        }
        return tensor;
    }

    /// <summary>[rows, ...row shape], with a symbolic dimension resolved from the column's width.</summary>
    private static long[] Shape(OnnxTensorSpec spec, Column column, int rows)
    {
        var shape = new long[spec.RowShape.Length + 1];
        shape[0] = rows;
        var unknown = -1;
        long known = 1;
        for (var d = 0; d < spec.RowShape.Length; d++)
        {
            shape[d + 1] = spec.RowShape[d];
            if (spec.RowShape[d] < 0)
            {
                if (unknown >= 0)
                {
                    throw MleErrors.InvalidRequest($"Input '{spec.Name}' has more than one variable dimension; its row shape cannot be inferred from a flat column.", spec.Name);
                }
                unknown = d + 1;
            }
            else
            {
                known *= spec.RowShape[d];
            }
        }
        if (unknown >= 0)
        {
            if (known == 0 || column.Width % known != 0)
            {
                throw MleErrors.WrongWidth(spec.Name, (int)known, column.Width);
            }
            shape[unknown] = column.Width / known;
        }
        else if (spec.RowShape.Length == 0 && column.Width != 1)
        {
            throw MleErrors.WrongWidth(spec.Name, 1, column.Width);
        }
        return shape;
    }

    private static Column ToColumn(OnnxTensorSpec spec, OrtValue value, int rows)
    {
        var shape = value.GetTensorTypeAndShape().Shape;
        if (shape.Length == 0 || shape[0] != rows)
        {
            throw new InvalidOperationException($"Output '{spec.Name}' has shape [{string.Join(",", shape)}], not one row per input row ({rows}).");
        }
        var width = rows == 0 ? spec.Width : (int)(value.GetTensorTypeAndShape().ElementCount / rows);
        return spec.Kind switch
        {
            ScalarKind.Single => Column.Create(spec.Name, width, value.GetTensorDataAsSpan<float>().ToArray()),
            ScalarKind.Double => Column.Create(spec.Name, width, value.GetTensorDataAsSpan<double>().ToArray()),
            ScalarKind.Int32 => Column.Create(spec.Name, width, value.GetTensorDataAsSpan<int>().ToArray()),
            ScalarKind.Int64 => Column.Create(spec.Name, width, value.GetTensorDataAsSpan<long>().ToArray()),
            ScalarKind.UInt32 => Column.Create(spec.Name, width, value.GetTensorDataAsSpan<uint>().ToArray()),
            ScalarKind.Boolean => Column.Create(spec.Name, width, value.GetTensorDataAsSpan<bool>().ToArray()),
            ScalarKind.String => Column.Create(spec.Name, width, value.GetStringTensorAsArray()),
            _ => throw new NotSupportedException($"Output '{spec.Name}' has unsupported kind {spec.Kind}."),
        };
    }
}
