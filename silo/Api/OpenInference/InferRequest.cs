using Mle.Data;

namespace Mle.Silo.Api.OpenInference;

/// <summary>A parsed inference request: its id, the input columns, and the outputs asked for (null = all).</summary>
internal sealed record InferRequest(string? Id, ColumnBatch Inputs, IReadOnlyList<string>? Outputs);
