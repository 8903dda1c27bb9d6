using System.Text;
using System.Text.Json.Nodes;

namespace Mle.Tests.Integration.Deployment;

/// <summary>The objects one overlay renders to, and the lookups the manifest tests make across them.</summary>
internal sealed class RenderedManifests(IReadOnlyList<JsonObject> objects)
{
    public IReadOnlyList<JsonObject> Objects => objects;

    public JsonObject Single(string kind) => Assert.Single(OfKind(kind));

    public IEnumerable<JsonObject> OfKind(string kind) => objects.Where(o => (string?)o["kind"] == kind);

    public JsonObject Named(string kind, string? name) =>
        Assert.Single(OfKind(kind), o => (string?)o["metadata"]!["name"] == name);

    public JsonObject Deployment => Single("Deployment");

    public JsonObject PodTemplate => Deployment["spec"]!["template"]!.AsObject();

    public JsonObject Container => Assert.Single(PodTemplate["spec"]!["containers"]!.AsArray())!.AsObject();

    public IReadOnlyDictionary<string, string> PodLabels => Strings(PodTemplate["metadata"]!["labels"]);

    /// <summary>
    /// The container's environment as the silo sees it: every ConfigMap and Secret it takes whole (<c>envFrom</c>,
    /// Secret values decoded), then its own <c>env</c> entries (a downward-API entry as <c>fieldRef:path</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var environment = new Dictionary<string, string>();
            foreach (var source in Container["envFrom"]?.AsArray() ?? [])
            {
                if (source!["configMapRef"] is { } configMap)
                {
                    foreach (var (key, value) in Strings(Named("ConfigMap", (string?)configMap["name"])["data"]))
                    {
                        environment[key] = value;
                    }
                }
                if (source["secretRef"] is { } secret)
                {
                    foreach (var (key, value) in Strings(Named("Secret", (string?)secret["name"])["data"]))
                    {
                        environment[key] = Encoding.UTF8.GetString(Convert.FromBase64String(value));
                    }
                }
            }
            foreach (var entry in Container["env"]?.AsArray() ?? [])
            {
                var name = (string)entry!["name"]!;
                environment[name] = entry["value"] is { } value
                    ? (string)value!
                    : "fieldRef:" + (string?)entry["valueFrom"]?["fieldRef"]?["fieldPath"];
            }
            return environment;
        }
    }

    public int ContainerPort(string name) =>
        int.Parse((string)Assert.Single(Container["ports"]!.AsArray(), p => (string?)p!["name"] == name)!["containerPort"]!, System.Globalization.CultureInfo.InvariantCulture);

    public static IReadOnlyDictionary<string, string> Strings(JsonNode? map) =>
        map?.AsObject().ToDictionary(entry => entry.Key, entry => (string)entry.Value!) ?? [];
}
