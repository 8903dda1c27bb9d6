using Mle.Data;
using Mle.Naming;
using Mle.Registry;

namespace Mle.Serving;

/// <summary>Resolve-then-score in one step, for callers that already hold their rows as columns.</summary>
public static class ModelServingExtensions
{
    /// <summary>Resolves <paramref name="selector"/> and scores <paramref name="rows"/> with the version it names.</summary>
    /// <returns>The version that scored (after resolving any alias) and its predictions.</returns>
    public static async Task<(ModelVersionInfo Version, ColumnBatch Predictions)> Score(
        this IModelServing serving, ModelRef model, VersionSelector selector, ColumnBatch rows, CancellationToken cancellationToken = default)
    {
        var version = await serving.Resolve(model, selector, cancellationToken).ConfigureAwait(false);
        return (version, await serving.Score(version, rows, cancellationToken).ConfigureAwait(false));
    }
}
