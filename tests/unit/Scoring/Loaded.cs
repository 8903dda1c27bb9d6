using Mle.Registry;
using Mle.Scoring;

namespace Mle.Tests.Unit.Scoring;

/// <summary>Loads test artifacts the way the cache does, for tests of engines and schemas.</summary>
internal static class Loaded
{
    public static Task<LoadedModel> Model(byte[] artifact, ModelFlavor? flavor = null) =>
        ModelLoader.Load(artifact, flavor);

    /// <summary>An engine with a fixed threshold, so a test knows which path a batch takes.</summary>
    public static async Task<IScoringEngine> Engine(byte[] artifact, int bulkThresholdRows = 16) =>
        (await Model(artifact)).CreateEngine(new ScoringOptions { BulkThresholdRows = bulkThresholdRows, AdaptiveBulkPath = false });
}
