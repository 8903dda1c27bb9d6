// The Mle SDK from start to finish: train a model, register it, point an alias at it, score by alias.
// Start a silo first (`dotnet run --project silo`), then: `dotnet run --project client/sample [gatewayPort]`.
// `dotnet run --project client/sample -- --save model.zip` just writes the trained model to a file.
// The gateway port comes from the first argument, else MLE_GATEWAY_PORT, else 30000. The API key comes from
// MLE_KEY, else from silo/data/admin.key (the bootstrap key a local silo saved; run from the repository's root).

using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mle.Client;
using Mle.Data;
using Mle.Errors;
using Mle.Sample;

const string ModelName = "sample-classifier";

// `--save model.zip` only trains and writes the artifact, for the README's curl tour.
if (args is ["--save", var path])
{
    await File.WriteAllBytesAsync(path, Training.TrainClassifier());
    Console.WriteLine($"Wrote a trained classifier (inputs X1, X2) to {Path.GetFullPath(path)}.");
    return;
}

var gatewayPort = int.Parse(args.FirstOrDefault() ?? Environment.GetEnvironmentVariable("MLE_GATEWAY_PORT") ?? "30000", CultureInfo.InvariantCulture);
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
var ct = timeout.Token;

// 1. Train a tiny binary classifier in-process; ML.NET saves it as a zip with its input schema.
var artifact = Training.TrainClassifier();
Console.WriteLine($"Trained a classifier: {artifact.Length:N0} bytes.");

// 2. Connect to the cluster through the silo's gateway.
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
const string LocalAdminKey = "silo/data/admin.key";
var apiKey = Environment.GetEnvironmentVariable("MLE_KEY") is { Length: > 0 } fromEnvironment ? fromEnvironment
    : File.Exists(LocalAdminKey) ? (await File.ReadAllTextAsync(LocalAdminKey, ct)).Trim()
    : null;
builder.Services.AddMleClient(options =>
{
    options.GatewayPort = gatewayPort;
    options.ApiKey = apiKey;
});
using var host = builder.Build();
await host.StartAsync(ct);
var models = host.Services.GetRequiredService<IMleClient>().Models;

// 3. Create the model once; errors are typed, with a stable code.
try
{
    await models.CreateAsync(ModelName, "Sample: is x1 + x2/2 positive?", new Dictionary<string, string> { ["origin"] = "sdk-sample" }, ct);
    Console.WriteLine($"Created model '{ModelName}'.");
}
catch (ModelAlreadyExistsException)
{
    Console.WriteLine($"Model '{ModelName}' already exists; adding a version to it.");
}

// 4. Register the artifact as the next version; the schema is read from the artifact itself.
using var upload = new MemoryStream(artifact);
var version = await models.RegisterVersionAsync(ModelName, upload, new RegisterVersionOptions
{
    Description = "Logistic regression on two features",
    Metrics = new Dictionary<string, double> { ["train_rows"] = Training.RowCount },
}, ct);
Console.WriteLine($"Registered version {version.Version} ({version.Status}); inputs: {string.Join(", ", version.Schema!.Inputs.Select(c => $"{c.Name}:{c.Kind}"))}.");

// 5. Point the alias 'champion' at it, and score by alias: one grain call, resolved in the client's catalog.
await models.SetAliasAsync(ModelName, "champion", version.Version, ct);
var rows = new[] { (X1: 1.5f, X2: 0.5f), (X1: -1.0f, X2: -0.5f), (X1: 0.2f, X2: -1.0f) }
    .Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["X1"] = r.X1, ["X2"] = r.X2 })
    .ToList();
var result = await models.ScoreAsync(ModelName, "champion", rows, ct);

Console.WriteLine($"Scored {result.Predictions.RowCount} rows with {result.Model}@champion = version {result.Version}:");
var labels = result.Predictions.Find("PredictedLabel") as Column<bool>;
var probabilities = result.Predictions.Find("Probability") as Column<float>;
for (var i = 0; i < rows.Count; i++)
{
    Console.WriteLine($"  x1={rows[i]["X1"],5} x2={rows[i]["X2"],5} -> label={labels?.Values[i]} probability={probabilities?.Values[i]:0.000}");
}

await host.StopAsync(ct);
