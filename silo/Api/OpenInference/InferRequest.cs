using Mle.Data;

namespace Mle.Silo.Api.OpenInference;

/// <summary>
/// A parsed inference request: its id, the input columns, the outputs asked for (null = all), and whether
/// outputs come back as binary tensor data unless an output says otherwise (<c>binary_data_output</c>).
/// </summary>
internal sealed record InferRequest(string? Id, ColumnBatch Inputs, IReadOnlyList<RequestedOutput>? Outputs, bool BinaryOutput = false)
{
    /// <summary>Whether any output may come back as binary data.</summary>
    public bool AsksForBinary => BinaryOutput || Outputs?.Any(o => o.Binary == true) == true;

    public bool Wants(string output) => Outputs is null || Outputs.Any(o => o.Name == output);

    /// <summary>An output's own <c>binary_data</c> wins over the request's <c>binary_data_output</c>.</summary>
    public bool WantsBinary(string output) => Outputs?.FirstOrDefault(o => o.Name == output)?.Binary ?? BinaryOutput;
}
