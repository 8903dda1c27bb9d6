using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Hostile;

/// <summary>
/// One silo for the route fuzzer, with small request limits (so an over-limit body is cheap to send), two models
/// with an alias, and a canary directory next to its data directory that nothing may ever write into.
/// </summary>
public sealed class FuzzSilo : IAsyncLifetime
{
    /// <summary>ML.NET, inputs X1 and X2 (float); alias <c>champion</c> points at version 1.</summary>
    public const string Binary = "binary";

    /// <summary>ONNX, inputs name (string), counts (int64, any length), weight (double).</summary>
    public const string Strings = "strings";

    public const long MaxRequestBytes = 2 * 1024 * 1024;
    public const long MaxArtifactBytes = 16 * 1024 * 1024;

    private TestSilo? _silo;

    public TestSilo Silo => _silo ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>A directory beside the data directory, with one file in it; a path traversal that escapes the store lands here.</summary>
    public string Canary { get; private set; } = "";

    /// <summary>The canary directory's name, which hostile paths climb to (<c>../../{CanaryName}/pwned</c>).</summary>
    public string CanaryName => Path.GetFileName(Canary);

    public async Task InitializeAsync()
    {
        _silo = await TestSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Mle:Limits:MaxRequestBytes"] = MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mle:Limits:MaxArtifactBytes"] = MaxArtifactBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Canary = Silo.DataDirectory + "-canary";
        Directory.CreateDirectory(Canary);
        await File.WriteAllTextAsync(Path.Combine(Canary, "canary.txt"), "nothing may write here");
        await Silo.Http.RegisterModel(Binary, TestModels.BinaryClassifier);
        await Silo.Http.RegisterModel(Strings, TestModels.OnnxStringsAndIntegers);
        (await Silo.Http.PutAsync($"/api/v1/models/{Binary}/aliases/champion", System.Net.Http.Json.JsonContent.Create(new { version = 1 }))).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
        if (Directory.Exists(Canary))
        {
            Directory.Delete(Canary, recursive: true);
        }
    }
}
