using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Serving;
using Mle.Silo.Hosting;
using Mle.Tests.Integration.Infrastructure;
using Orleans.Hosting.Kubernetes;

namespace Mle.Tests.Integration.Deployment;

/// <summary>
/// <c>deploy/k8s</c> checked without a cluster: each overlay rendered by <c>kubectl kustomize</c>, then held against
/// the application itself (its health routes, its settings classes, its ports) and against its own parts (selectors,
/// references, RBAC).
/// </summary>
public sealed partial class KubernetesManifestTests
{
    public static TheoryData<string> Overlays => new() { "redis", "azure" };

    private static readonly string[] NamespacedKinds =
        ["ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Secret", "Service", "Deployment", "PodDisruptionBudget", "HorizontalPodAutoscaler"];

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public async Task Every_object_names_its_api_version_kind_and_name_and_lives_in_the_one_namespace(string overlay)
    {
        var manifests = await Kustomize.Render(overlay);
        var ns = (string?)manifests.Single("Namespace")["metadata"]!["name"];
        Assert.False(string.IsNullOrEmpty(ns));
        foreach (var kind in NamespacedKinds)
        {
            Assert.NotEmpty(manifests.OfKind(kind));
        }
        foreach (var o in manifests.Objects)
        {
            Assert.False(string.IsNullOrEmpty((string?)o["apiVersion"]), o.ToJsonString());
            Assert.False(string.IsNullOrEmpty((string?)o["metadata"]?["name"]), o.ToJsonString());
            if ((string?)o["kind"] != "Namespace")
            {
                Assert.Equal(ns, (string?)o["metadata"]!["namespace"]);
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public async Task The_pods_carry_the_labels_and_environment_UseKubernetesHosting_reads(string overlay)
    {
        var manifests = await Kustomize.Render(overlay);
        var labels = manifests.PodLabels;
        Assert.False(string.IsNullOrEmpty(labels.GetValueOrDefault(KubernetesHostingOptions.ServiceIdLabel)));
        Assert.False(string.IsNullOrEmpty(labels.GetValueOrDefault(KubernetesHostingOptions.ClusterIdLabel)));

        var environment = manifests.Environment;
        Assert.Equal("fieldRef:metadata.name", environment[KubernetesHostingOptions.PodNameEnvironmentVariable]);
        Assert.Equal("fieldRef:metadata.namespace", environment[KubernetesHostingOptions.PodNamespaceEnvironmentVariable]);
        Assert.Equal("fieldRef:status.podIP", environment[KubernetesHostingOptions.PodIPEnvironmentVariable]);
        Assert.Equal($"fieldRef:metadata.labels['{KubernetesHostingOptions.ServiceIdLabel}']", environment[KubernetesHostingOptions.ServiceIdEnvironmentVariable]);
        Assert.Equal($"fieldRef:metadata.labels['{KubernetesHostingOptions.ClusterIdLabel}']", environment[KubernetesHostingOptions.ClusterIdEnvironmentVariable]);
        Assert.Equal("true", environment["Mle__Clustering__Kubernetes"]);
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public async Task The_service_account_may_get_list_watch_and_delete_pods_in_its_namespace(string overlay)
    {
        var manifests = await Kustomize.Render(overlay);
        var account = (string?)manifests.PodTemplate["spec"]!["serviceAccountName"];
        var ns = (string?)manifests.Deployment["metadata"]!["namespace"];
        manifests.Named("ServiceAccount", account);

        var binding = Assert.Single(manifests.OfKind("RoleBinding"), b => b["subjects"]!.AsArray()
            .Any(s => (string?)s!["kind"] == "ServiceAccount" && (string?)s["name"] == account && (string?)s["namespace"] == ns));
        Assert.Equal("Role", (string?)binding["roleRef"]!["kind"]);
        var role = manifests.Named("Role", (string?)binding["roleRef"]!["name"]);
        var pods = Assert.Single(role["rules"]!.AsArray(), r => r!["resources"]!.AsArray().Any(x => (string?)x == "pods"))!;
        Assert.Contains(pods["apiGroups"]!.AsArray(), g => (string?)g == "");
        Assert.Equal(["delete", "get", "list", "watch"], pods["verbs"]!.AsArray().Select(v => (string)v!).Order());
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public async Task Every_probe_is_a_route_the_running_silo_answers_without_credentials(string overlay)
    {
        var manifests = await Kustomize.Render(overlay);
        var probes = new[] { "livenessProbe", "readinessProbe", "startupProbe" }
            .Select(name => (Name: name, Probe: manifests.Container[name]?["httpGet"]))
            .ToList();
        Assert.All(probes, p => Assert.NotNull(p.Probe));
        Assert.Equal("/healthz/ready", (string?)manifests.Container["readinessProbe"]!["httpGet"]!["path"]);

        await using var silo = await TestSilo.StartAsync();
        // The kubelet sends no Authorization header.
        using var kubelet = silo.ClientWithKey(null);
        foreach (var (name, probe) in probes)
        {
            Assert.Equal(manifests.ContainerPort("http"), manifests.ContainerPort((string)probe!["port"]!));
            using var response = await kubelet.GetAsync((string?)probe["path"]);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name} {probe["path"]}: {(int)response.StatusCode}");
        }
        using var missing = await kubelet.GetAsync("/healthz/no-such-probe");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public async Task Container_ports_are_the_ones_the_silo_is_configured_to_listen_on(string overlay)
    {
        var manifests = await Kustomize.Render(overlay);
        var environment = manifests.Environment;
        var urls = environment["ASPNETCORE_URLS"].Split(';');
        var http = new Uri(Assert.Single(urls).Replace("+", "localhost", StringComparison.Ordinal));
        Assert.Equal(http.Port, manifests.ContainerPort("http"));
        Assert.Equal(int.Parse(environment["Mle__Clustering__SiloPort"], CultureInfo.InvariantCulture), manifests.ContainerPort("silo"));
        Assert.Equal(int.Parse(environment["Mle__Clustering__GatewayPort"], CultureInfo.InvariantCulture), manifests.ContainerPort("gateway"));
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public async Task Service_disruption_budget_and_autoscaler_all_point_at_the_silo_pods(string overlay)
    {
        var manifests = await Kustomize.Render(overlay);
        var labels = manifests.PodLabels;
        void SelectsThePods(JsonNode? selector, string what)
        {
            var wanted = RenderedManifests.Strings(selector);
            Assert.NotEmpty(wanted);
            Assert.All(wanted, label => Assert.True(labels.TryGetValue(label.Key, out var value) && value == label.Value,
                $"{what} selects {label.Key}={label.Value}, which the pods do not carry."));
        }

        SelectsThePods(manifests.Deployment["spec"]!["selector"]!["matchLabels"], "The Deployment");
        var service = manifests.Single("Service");
        SelectsThePods(service["spec"]!["selector"], "The Service");
        foreach (var port in service["spec"]!["ports"]!.AsArray())
        {
            manifests.ContainerPort((string)port!["targetPort"]!);
        }
        // The Service is for HTTP (REST, /v2, the dashboard); silo-to-silo traffic goes pod to pod.
        Assert.Contains(service["spec"]!["ports"]!.AsArray(), port => (string?)port!["targetPort"] == "http");
        SelectsThePods(manifests.Single("PodDisruptionBudget")["spec"]!["selector"]!["matchLabels"], "The PodDisruptionBudget");

        var target = manifests.Single("HorizontalPodAutoscaler")["spec"]!["scaleTargetRef"]!;
        Assert.Equal("Deployment", (string?)target["kind"]);
        Assert.Equal((string?)manifests.Deployment["apiVersion"], (string?)target["apiVersion"]);
        Assert.Equal((string?)manifests.Deployment["metadata"]!["name"], (string?)target["name"]);
        // The autoscaler measures CPU against the pods' request, which must therefore be set.
        Assert.False(string.IsNullOrEmpty((string?)manifests.Container["resources"]?["requests"]?["cpu"]));
        var minimum = int.Parse((string)manifests.Single("HorizontalPodAutoscaler")["spec"]!["minReplicas"]!, CultureInfo.InvariantCulture);
        var maxUnavailable = int.Parse((string)manifests.Single("PodDisruptionBudget")["spec"]!["maxUnavailable"]!, CultureInfo.InvariantCulture);
        Assert.True(maxUnavailable < minimum, "A voluntary disruption may not take every silo at once.");
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public async Task Every_Mle_variable_is_a_setting_of_the_application_and_converts(string overlay)
    {
        var manifests = await Kustomize.Render(overlay);
        var settings = manifests.Environment.Where(e => e.Key.StartsWith("Mle__", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(settings);
        var sections = OptionsClasses();
        foreach (var (name, _) in settings)
        {
            var path = name.Replace("__", ":", StringComparison.Ordinal);
            Assert.True(sections.Any(s => Binds(s.Section, s.Type, path)), $"{name} is no property of any Mle options class.");
        }

        // Values convert, as the host's binder would do it (a wrong TimeSpan or bool fails here, not in the pod).
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value)))
            .Build();
        foreach (var (section, type) in sections)
        {
            configuration.GetSection(section).Get(type);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public async Task The_grace_period_outlasts_the_pre_stop_pause_and_the_silos_shutdown_timeout(string overlay)
    {
        var manifests = await Kustomize.Render(overlay);
        var grace = TimeSpan.FromSeconds(int.Parse((string)manifests.PodTemplate["spec"]!["terminationGracePeriodSeconds"]!, CultureInfo.InvariantCulture));
        var pause = TimeSpan.FromSeconds(int.Parse((string?)manifests.Container["lifecycle"]?["preStop"]?["sleep"]?["seconds"] ?? "0", CultureInfo.InvariantCulture));
        var shutdown = TimeSpan.Parse(manifests.Environment["Mle__Shutdown__Timeout"], CultureInfo.InvariantCulture);
        Assert.InRange(grace, pause + shutdown + TimeSpan.FromSeconds(1), pause + shutdown + TimeSpan.FromSeconds(15));
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public async Task The_silo_runs_unprivileged_and_keeps_nothing_on_its_own_disk_that_the_cluster_needs(string overlay)
    {
        var manifests = await Kustomize.Render(overlay);
        Assert.Equal("true", (string?)manifests.PodTemplate["spec"]!["securityContext"]!["runAsNonRoot"]);
        Assert.Equal("false", (string?)manifests.Container["securityContext"]!["allowPrivilegeEscalation"]);
        var environment = manifests.Environment;
        Assert.NotEqual(StorageOptions.Embedded, environment["Mle__Storage__Provider"], StringComparer.OrdinalIgnoreCase);
        Assert.NotEqual(ClusteringOptions.Localhost, environment["Mle__Clustering__Provider"], StringComparer.OrdinalIgnoreCase);
        if (string.Equals(environment.GetValueOrDefault("Mle__Artifacts__Provider"), ArtifactsOptions.AzureBlob, StringComparison.OrdinalIgnoreCase))
        {
            // Artifacts in blobs: a connection string, and no volume claim left over from the base.
            Assert.False(string.IsNullOrEmpty(environment.GetValueOrDefault("Mle__Artifacts__ConnectionString")));
            Assert.Empty(manifests.OfKind("PersistentVolumeClaim"));
            return;
        }
        // Artifacts in a folder: one ReadWriteMany volume every pod mounts there, declared shared.
        Assert.Equal("true", environment["Mle__Artifacts__Shared"]);
        var mount = Assert.Single(manifests.Container["volumeMounts"]!.AsArray(), m => (string?)m!["mountPath"] == environment["Mle__Artifacts__Root"])!;
        var volume = Assert.Single(manifests.PodTemplate["spec"]!["volumes"]!.AsArray(), v => (string?)v!["name"] == (string?)mount["name"])!;
        var claim = manifests.Named("PersistentVolumeClaim", (string?)volume["persistentVolumeClaim"]?["claimName"]);
        Assert.Contains(claim["spec"]!["accessModes"]!.AsArray(), m => (string?)m == "ReadWriteMany");
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public async Task Credentials_come_from_the_Secret_the_cluster_secret_among_them_and_every_other_setting_from_the_ConfigMap(string overlay)
    {
        var manifests = await Kustomize.Render(overlay);
        var sources = manifests.Container["envFrom"]!.AsArray();
        var configMap = RenderedManifests.Strings(manifests.Named("ConfigMap", (string?)Assert.Single(sources, s => s!["configMapRef"] is not null)!["configMapRef"]!["name"])["data"]);
        var secret = RenderedManifests.Strings(manifests.Named("Secret", (string?)Assert.Single(sources, s => s!["secretRef"] is not null)!["secretRef"]!["name"])["data"]);
        static bool Credential(string name) =>
            name.EndsWith("ConnectionString", StringComparison.Ordinal) || name.EndsWith("Key", StringComparison.Ordinal) || name.EndsWith("Secret", StringComparison.Ordinal);

        // What lets a caller in or a silo join: the admin and metrics keys, and the secret silos stamp their calls with.
        Assert.Contains("Mle__Security__BootstrapKey", secret.Keys);
        Assert.Contains("Mle__Security__MetricsKey", secret.Keys);
        Assert.Contains("Mle__Security__ClusterSecret", secret.Keys);
        Assert.All(secret.Keys, key => Assert.True(Credential(key), $"{key} is no credential: it belongs in the ConfigMap."));
        Assert.All(configMap.Keys, key => Assert.False(Credential(key), $"{key} is a credential in the ConfigMap: it belongs in the Secret."));
        Assert.Empty(configMap.Keys.Intersect(secret.Keys));
        Assert.All(manifests.Container["env"]?.AsArray() ?? [], entry => Assert.False(Credential((string)entry!["name"]!), $"{entry["name"]} is a credential written into the Deployment."));
        // Every backend the overlay picks has its connection string in the Secret.
        foreach (var concern in new[] { "Clustering", "Storage", "Streams", "Artifacts" })
        {
            var provider = manifests.Environment.GetValueOrDefault($"Mle__{concern}__Provider");
            if (provider is not null && provider is not ("Memory" or "FileSystem" or "Embedded" or "Localhost"))
            {
                Assert.Contains($"Mle__{concern}__ConnectionString", secret.Keys);
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public async Task The_rendered_configuration_passes_every_check_the_silo_makes_before_it_starts(string overlay)
    {
        var manifests = await Kustomize.Render(overlay);
        var data = Path.Combine(Path.GetTempPath(), "mle-manifest-" + Guid.NewGuid().ToString("N"));
        // The pod's settings as the silo reads them once an operator has filled in the Secret's placeholders (the data
        // folder moved off the image's /data), Event Hubs' and the split-state refusal's rules included; nothing is
        // started, so nothing is reached.
        string[] arguments =
        [
            .. manifests.Environment.Where(e => e.Key.StartsWith("Mle__", StringComparison.Ordinal) && e.Key != "Mle__DataDirectory")
                .Select(e => $"--{e.Key.Replace("__", ":", StringComparison.Ordinal)}={Filled(e.Key, e.Value)}"),
            $"--Mle:DataDirectory={data}",
        ];
        await using var app = MleHost.Build(MleHost.CreateBuilder(arguments));

        var failure = Record.Exception(() => app.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.True(failure is null, $"The {overlay} overlay's settings fail the silo's start: {failure?.Message}");
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [SkippableFact]
    public async Task The_image_is_multi_stage_unprivileged_without_a_healthcheck_and_exposes_the_containers_ports()
    {
        var manifests = await Kustomize.Render("redis");
        var lines = File.ReadAllLines(RepositoryRoot.Combine("deploy", "Dockerfile")).Select(l => l.Trim()).Where(l => !l.StartsWith('#')).ToList();
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.True(stages.Count >= 2, "A build stage and a runtime stage.");
        Assert.Contains("/dotnet/aspnet:", stages[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.StartsWith("HEALTHCHECK", StringComparison.Ordinal));
        var user = lines.FindLastIndex(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.True(user > lines.IndexOf(stages[^1]), "The runtime stage switches to an unprivileged user.");
        Assert.DoesNotContain("root", lines[user], StringComparison.Ordinal);
        Assert.NotEqual("USER 0", lines[user]);
        var exposed = lines.Single(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal))["EXPOSE ".Length..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).Order();
        Assert.Equal(new[] { "http", "silo", "gateway" }.Select(manifests.ContainerPort).Order(), exposed);
    }

    /// <summary>
    /// A setting with its <c>REPLACE...</c> placeholders filled in as an operator would: a generated admin key, and
    /// elsewhere a well-formed stand-in (valid as a host name, an account name and a base-64 key alike).
    /// </summary>
    private static string Filled(string key, string value) =>
        !value.Contains("REPLACE", StringComparison.Ordinal) ? value
        : key == "Mle__Security__BootstrapKey" ? Mle.Security.ApiKeyToken.Generate().ToString()
        : Placeholder().Replace(value, "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0");

    [System.Text.RegularExpressions.GeneratedRegex("REPLACE[A-Za-z0-9_-]*")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();

    /// <summary>Every options class of the application with its section (<c>public const string Section</c>).</summary>
    private static List<(string Section, Type Type)> OptionsClasses() =>
        new[] { typeof(MleOptions).Assembly, typeof(LimitsOptions).Assembly, typeof(CatalogOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(t => t.Field is { IsLiteral: true } && t.Field.GetRawConstantValue() is string section && section.StartsWith("Mle", StringComparison.Ordinal))
            .Select(t => ((string)t.Field!.GetRawConstantValue()!, t.Type))
            .ToList();

    /// <summary>Whether <paramref name="path"/> names a settable property of <paramref name="type"/> bound at <paramref name="section"/>.</summary>
    private static bool Binds(string section, Type type, string path)
    {
        if (!path.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var current = type;
        foreach (var key in path[(section.Length + 1)..].Split(':'))
        {
            var property = current.GetProperty(key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || (!property.CanWrite && property.PropertyType.IsValueType))
            {
                return false;
            }
            current = property.PropertyType;
        }
        return true;
    }
}
