namespace Mle.Silo.Api.OpenInference;

/// <summary>A tensor in model metadata: <c>shape</c> starts with -1, the batch dimension.</summary>
public sealed record TensorMetadata(string Name, string Datatype, IReadOnlyList<int> Shape);

/// <summary>The Open Inference Protocol's model metadata response.</summary>
public sealed record ModelMetadataResponse(
    string Name,
    IReadOnlyList<string> Versions,
    string Platform,
    IReadOnlyList<TensorMetadata> Inputs,
    IReadOnlyList<TensorMetadata> Outputs);

/// <summary>The Open Inference Protocol's server metadata response.</summary>
public sealed record ServerMetadataResponse(string Name, string Version, IReadOnlyList<string> Extensions);

/// <summary>The Open Inference Protocol's server liveness response.</summary>
public sealed record ServerLiveResponse(bool Live);

/// <summary>The Open Inference Protocol's server readiness response (503 when not ready).</summary>
public sealed record ServerReadyResponse(bool Ready);
