namespace Mle.Endpoints;

/// <summary>The outcome of compiling a spec: the compiled endpoint, or every problem found in it (then no endpoint).</summary>
public sealed record EndpointCompilation(CompiledEndpoint? Endpoint, IReadOnlyList<SpecProblem> Problems);
