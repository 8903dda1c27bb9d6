using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Pipelines;

/// <summary>
/// One silo and one webhook receiver for the pipeline tests: model <see cref="Model"/> (the binary classifier, inputs
/// X1 and X2) with a champion, quick webhook retries, and a small in-flight bound so backpressure can be reached.
/// </summary>
public sealed class PipelinesSilo : IAsyncLifetime
{
    public const string Model = "tiny";
    public const int MaxInFlightEvents = 400;

    public TestSilo Silo { get; private set; } = null!;

    public WebhookReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Silo = await TestSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Mle:Pipelines:MaxInFlightEvents"] = MaxInFlightEvents.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mle:Pipelines:WebhookBackoff"] = "00:00:00.050",
            ["Mle:Pipelines:WebhookAttempts"] = "4",
            // 8 partitions: each keeps at most 2 source events while paused.
            ["Mle:Pipelines:MaxKeptSourceEvents"] = "16",
        });
        Receiver = await WebhookReceiver.StartAsync();
        await Silo.Http.RegisterModel(Model, TestModels.BinaryClassifier);
        (await Silo.Http.SetAlias(Model, "champion", 1)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await Silo.DisposeAsync();
    }
}
