using Mle.Client;
using Mle.Registry;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Cluster;

/// <summary>Shortcuts the cluster tests share: unique names and a registered, Ready binary classifier.</summary>
internal static class Registration
{
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 128)];

    public static async Task<ModelVersionInfo> RegisterClassifier(this IModelsClient models, string model)
    {
        using var artifact = new MemoryStream(TestModels.BinaryClassifier);
        return await models.RegisterVersionAsync(model, artifact, new RegisterVersionOptions { Flavor = ModelFlavor.MlNet });
    }

    /// <summary>What resolving gives right now: <c>v{n}</c>, or the error code.</summary>
    public static async Task<string> Outcome(this IModelsClient models, string model, string versionOrAlias)
    {
        try
        {
            return $"v{(await models.ResolveAsync(model, versionOrAlias)).Version}";
        }
        catch (Errors.MleException error)
        {
            return error.Code;
        }
    }
}
