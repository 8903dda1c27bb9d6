using Microsoft.Extensions.Options;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Backends;

/// <summary>
/// No Event Hub can be reached here, so what the silo can prove about one is proved at its start: an Event Hubs
/// configuration of the wrong shape stops the silo before it connects to anything, naming the setting to fix.
/// (A well-formed one that cannot be reached fails the start naming the endpoint: <see cref="UnreachableBackendTests"/>.)
/// </summary>
public sealed class EventHubsStartupTests
{
    private const string Namespace = "Endpoint=sb://mle-prod.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=c2VjcmV0";
    private const string Checkpoints = "DefaultEndpointsProtocol=https;AccountName=mlecheckpoints;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net";

    [Theory]
    [InlineData("Mle:Streams:EventHubName", null, "Mle:Streams:EventHubName is required by the EventHubs stream provider")]
    [InlineData("Mle:Streams:EventHubName", "my events", "Mle:Streams:EventHubName 'my events' is not an event hub name")]
    [InlineData("Mle:Streams:ConnectionString", "AccountName=mle;AccountKey=c2VjcmV0", "Mle:Streams:ConnectionString is not an Event Hubs connection string")]
    [InlineData("Mle:Streams:ConnectionString", Namespace + ";EntityPath=other", "Mle:Streams:ConnectionString names the hub 'other' (EntityPath) but Mle:Streams:EventHubName is 'events'")]
    [InlineData("Mle:Streams:CheckpointConnectionString", null, "Mle:Streams:CheckpointConnectionString is required by the EventHubs stream provider")]
    [InlineData("Mle:Streams:CheckpointConnectionString", "Host=db;Database=checkpoints", "Mle:Streams:CheckpointConnectionString is not an Azure Storage connection string")]
    public async Task A_malformed_event_hubs_configuration_fails_the_start_naming_the_setting(string setting, string? value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Mle:Streams:Provider"] = "EventHubs",
            ["Mle:Streams:ConnectionString"] = Namespace,
            ["Mle:Streams:EventHubName"] = "events",
            ["Mle:Streams:ConsumerGroup"] = "$Default",
            ["Mle:Streams:CheckpointConnectionString"] = Checkpoints,
        };
        settings[setting] = value;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(settings));

        Assert.Contains(expected, error.Message);
    }
}
