using System.Diagnostics;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Mle.Tests.Integration.Deployment;

/// <summary>
/// An overlay of <c>deploy/k8s</c> rendered by Debian's <c>kubectl kustomize</c>, exactly what <c>kubectl apply -k</c>
/// would send, parsed into one JSON object per Kubernetes object (every scalar a string, as YAML leaves it). Under
/// <c>CI=true</c> a missing kubectl is a failure (.ci/run installs it); elsewhere the tests are skipped with the reason.
/// </summary>
internal static class Kustomize
{
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(60);

    public static string? Kubectl => new[] { "/usr/bin/kubectl", "/usr/local/bin/kubectl" }.FirstOrDefault(File.Exists);

    public static void RequireOrSkip()
    {
        if (Kubectl is not null)
        {
            return;
        }
        const string Missing = "kubectl is not installed (apt-get install kubectl); .ci/run installs it.";
        Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), Missing);
        Skip.If(true, Missing);
    }

    public static async Task<RenderedManifests> Render(string overlay)
    {
        RequireOrSkip();
        var start = new ProcessStartInfo(Kubectl!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(RepositoryRoot.Combine("deploy", "k8s", "overlays", overlay));
        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(RenderTimeout);
        var yaml = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var errors = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {overlay} failed: {await errors}");
        return new RenderedManifests(Parse(await yaml));
    }

    private static List<JsonObject> Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var objects = new List<JsonObject>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (ToJson(deserializer.Deserialize<object?>(parser)) is JsonObject document)
            {
                objects.Add(document);
            }
        }
        return objects;
    }

    private static JsonNode? ToJson(object? yaml) => yaml switch
    {
        null => null,
        IDictionary<object, object?> map => new JsonObject(map.Select(entry => KeyValuePair.Create(entry.Key.ToString()!, ToJson(entry.Value)))),
        IEnumerable<object?> list => new JsonArray(list.Select(ToJson).ToArray()),
        _ => JsonValue.Create(yaml.ToString()),
    };
}
