// The service a team would hand-write instead of using the platform: one typed endpoint per model,
// each backed by a pool of prediction engines. The benchmark harness starts it with the model paths
// (--Models:Risk=... --Models:Tiny=...) and --urls.
using Microsoft.ML;
using Mle.Bench.Models;
using Mle.Bench.PeerService;

var builder = WebApplication.CreateBuilder(args);
var ml = new MLContext();
builder.Services.AddSingleton(new PredictionEnginePool<RiskInput, BinaryPrediction>(ml, RequiredPath(builder.Configuration, "Models:Risk")));
builder.Services.AddSingleton(new PredictionEnginePool<TinyInput, BinaryPrediction>(ml, RequiredPath(builder.Configuration, "Models:Tiny")));

var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.MapPost("/predict/risk", (RiskInput row, PredictionEnginePool<RiskInput, BinaryPrediction> engines) => engines.Predict(row));
app.MapPost("/predict/tiny", (TinyInput row, PredictionEnginePool<TinyInput, BinaryPrediction> engines) => engines.Predict(row));
app.Run();

static string RequiredPath(IConfiguration configuration, string key) =>
    configuration[key] is { Length: > 0 } path && File.Exists(path)
        ? path
        : throw new InvalidOperationException($"Setting '{key}' must name an ML.NET model zip that exists (got '{configuration[key]}').");
