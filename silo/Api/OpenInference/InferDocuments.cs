using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mle.Silo.Api.OpenInference;

// The shapes of an inference request and response, for the OpenAPI document: the gateway reads and writes
// the bodies directly (InferRequestReader, InferResponseWriter), these records only describe them.

/// <summary>
/// An inference request. Sent with the binary tensor data extension, this JSON is followed by the inputs'
/// bytes, its length given by the <c>Inference-Header-Content-Length</c> header.
/// </summary>
public sealed record InferRequestDocument(
    string? Id,
    IReadOnlyList<InferInputDocument> Inputs,
    IReadOnlyList<InferRequestedOutputDocument>? Outputs,
    InferRequestParametersDocument? Parameters);

/// <summary>An input tensor: <c>data</c> (flat or nested, row-major), or <c>parameters.binary_data_size</c>.</summary>
public sealed record InferInputDocument(
    string Name,
    IReadOnlyList<int> Shape,
    string Datatype,
    IReadOnlyList<JsonElement>? Data,
    InferInputParametersDocument? Parameters);

/// <summary>An input's parameters: the size in bytes of its binary data after the JSON.</summary>
public sealed record InferInputParametersDocument(
    [property: JsonPropertyName("binary_data_size")] long? BinaryDataSize);

/// <summary>An output to return; the others are left out.</summary>
public sealed record InferRequestedOutputDocument(string Name, InferRequestedOutputParametersDocument? Parameters);

/// <summary>Whether this output comes back as binary data (overrides <c>binary_data_output</c>).</summary>
public sealed record InferRequestedOutputParametersDocument(
    [property: JsonPropertyName("binary_data")] bool? BinaryData);

/// <summary>The request's parameters: whether outputs come back as binary data unless they say otherwise.</summary>
public sealed record InferRequestParametersDocument(
    [property: JsonPropertyName("binary_data_output")] bool? BinaryDataOutput);

/// <summary>
/// An inference response. With binary outputs it is sent as <c>application/octet-stream</c>: this JSON,
/// its length in <c>Inference-Header-Content-Length</c>, then each binary output's bytes in order.
/// </summary>
public sealed record InferResponseDocument(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    string Id,
    IReadOnlyList<InferOutputDocument> Outputs);

/// <summary>An output tensor: <c>data</c> flat, or <c>parameters.binary_data_size</c> when sent as binary.</summary>
public sealed record InferOutputDocument(
    string Name,
    IReadOnlyList<int> Shape,
    string Datatype,
    IReadOnlyList<JsonElement>? Data,
    InferOutputParametersDocument? Parameters);

/// <summary>A binary output's size in bytes after the JSON.</summary>
public sealed record InferOutputParametersDocument(
    [property: JsonPropertyName("binary_data_size")] long? BinaryDataSize);
