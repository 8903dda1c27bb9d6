// The service a team would hand-write instead of using the platform: one typed endpoint per model,
// each backed by a pool of prediction engines. The benchmark harness starts it with the model paths
// (--Models:Risk=... --Models:Tiny=...), the API keys it accepts (--Keys:0=...) and --urls. The same predictions
// answer twice: /predict/{model} without any check (the peer of earlier runs) and /secure/predict/{model} behind an
// API-key check, the like-for-like peer of the platform, which authenticates every request.
using Microsoft.ML;
using Mle.Bench.Models;
using Mle.Bench.PeerService;

var builder = WebApplication.CreateBuilder(args);
var ml = new MLContext();
builder.Services.AddSingleton(new PredictionEnginePool<RiskInput, BinaryPrediction>(ml, RequiredPath(builder.Configuration, "Models:Risk")));
builder.Services.AddSingleton(new PredictionEnginePool<TinyInput, BinaryPrediction>(ml, RequiredPath(builder.Configuration, "Models:Tiny")));

var keys = ApiKeys.From(builder.Configuration);

var app = builder.Build();
app.MapGet("/healthz", () => "ok");
// For the per-request cost case: what this process has allocated so far (the platform reports it on /metrics).
app.MapGet("/bench/allocated", () => GC.GetTotalAllocatedBytes(precise: true));
MapPredictions(app.MapGroup("/predict"));
MapPredictions(app.MapGroup("/secure/predict").AddEndpointFilter(keys.Check));
app.Run();

static void MapPredictions(RouteGroupBuilder group)
{
    group.MapPost("/risk", (RiskInput row, PredictionEnginePool<RiskInput, BinaryPrediction> engines) => engines.Predict(row));
    group.MapPost("/tiny", (TinyInput row, PredictionEnginePool<TinyInput, BinaryPrediction> engines) => engines.Predict(row));
}

static string RequiredPath(IConfiguration configuration, string key) =>
    configuration[key] is { Length: > 0 } path && File.Exists(path)
        ? path
        : throw new InvalidOperationException($"Setting '{key}' must name an ML.NET model zip that exists (got '{configuration[key]}').");
