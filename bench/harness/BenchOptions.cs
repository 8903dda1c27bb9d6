namespace Mle.Bench;

/// <summary>
/// The command line: which cases to run, how long, and where things are. <c>--quick</c> shortens every
/// measurement so that the whole suite runs in a few minutes; the default is the full suite.
/// </summary>
public sealed record BenchOptions(bool Quick, IReadOnlySet<string> Cases, string BenchDirectory, string SiloAssembly, string PeerAssembly)
{
    public const string InProcessCase = "inproc";
    public const string HttpCase = "http";
    public const string ColdCase = "cold";
    public const string WrkCase = "wrk";
    public const string UploadCase = "upload";
    public const string StorageCase = "storage";
    public const string CostCase = "cost";
    public const string ExpressionCase = "expr";
    public const string FeatureLookupCase = "fmlookup";
    public const string FeatureSdkCase = "fmsdk";
    public const string FeatureIngestCase = "fmingest";
    public const string FeatureScaleCase = "fmscale";
    public const string PipelineCase = "pipeline";
    public const string EndpointCase = "endpoint";
    private static readonly string[] AllCases =
        [InProcessCase, HttpCase, CostCase, WrkCase, UploadCase, ColdCase, StorageCase, ExpressionCase, FeatureLookupCase, FeatureSdkCase, FeatureIngestCase, FeatureScaleCase, PipelineCase, EndpointCase];

    /// <summary>The Feast-style feature peer (<c>bench/feature-peer</c>), built beside the scoring peer.</summary>
    public string FeaturePeerAssembly => Path.Combine(Path.GetDirectoryName(PeerAssembly)!, "Orleans.Mle.Bench.FeaturePeer.dll");

    public string Mode => Quick ? "quick" : "full";

    public string ModelDirectory => Path.Combine(BenchDirectory, "artifacts", "models");

    public string ScratchDirectory => Path.Combine(BenchDirectory, "artifacts", "runs");

    public TimeSpan Warmup => Quick ? TimeSpan.FromSeconds(0.5) : TimeSpan.FromSeconds(1);

    public TimeSpan Measure => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(5);

    /// <summary>
    /// Discarded load before a server's first measured level, so that tiered JIT has promoted its hot paths: on two
    /// shared cores the background compiler can need several seconds of traffic (measured: a fresh silo's single-row
    /// throughput kept rising for about 8 s of load).
    /// </summary>
    public TimeSpan JitWarmup => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(8);

    public IReadOnlyList<int> Concurrency { get; } = [1, 8, 32, 64];

    /// <summary>The level whose peer throughput sets the open-loop rate (half of it), and that warms both servers up.</summary>
    public int ReferenceConcurrency => 8;

    /// <summary>Registered versions in the memory case, and how many of them are scored (hot).</summary>
    public int FleetVersions => Quick ? 100 : 1_000;

    public int HotVersions => Quick ? 10 : 50;

    public bool Runs(string @case) => Cases.Contains(@case);

    public static BenchOptions Parse(string[] args)
    {
        var quick = false;
        var cases = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? results = null, silo = null, peer = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--all": cases.UnionWith(AllCases); break;
                case "--case": cases.UnionWith(Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
                case "--results": results = Value(args, ref i); break;
                case "--silo": silo = Value(args, ref i); break;
                case "--peer": peer = Value(args, ref i); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'. {Usage}");
            }
        }
        if (cases.Except(AllCases, StringComparer.OrdinalIgnoreCase).FirstOrDefault() is { } unknown)
        {
            throw new ArgumentException($"Unknown case '{unknown}'. {Usage}");
        }
        if (cases.Count == 0)
        {
            cases.UnionWith(AllCases);
        }
        var beside = AppContext.BaseDirectory;
        return new BenchOptions(
            quick,
            cases,
            Path.GetFullPath(results ?? FindBenchDirectory()),
            Path.GetFullPath(silo ?? Path.Combine(beside, "Orleans.Mle.Silo.dll")),
            Path.GetFullPath(peer ?? Path.Combine(beside, "Orleans.Mle.Bench.PeerService.dll")));
    }

    public const string Usage =
        "Usage: [--all | --case inproc,http,cost,wrk,upload,cold,storage,expr,fmlookup,fmsdk,fmingest,fmscale,pipeline,endpoint] [--quick] [--results DIR] [--silo Mle.Silo.dll] [--peer Mle.Bench.PeerService.dll]";

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"Option '{args[i - 1]}' needs a value. {Usage}");

    // results.md belongs in bench/ of the repository the command runs in, wherever the build output went.
    private static string FindBenchDirectory()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.Mle.sln")))
            {
                return Path.Combine(directory.FullName, "bench");
            }
        }
        return Environment.CurrentDirectory;
    }
}
