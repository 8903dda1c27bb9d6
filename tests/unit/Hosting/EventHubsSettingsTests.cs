using Mle.Silo.Hosting;

namespace Mle.Tests.Unit.Hosting;

/// <summary>The Event Hubs stream settings are checked for shape on start, before anything connects.</summary>
public sealed class EventHubsSettingsTests
{
    private const string Namespace = "Endpoint=sb://mle-prod.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=c2VjcmV0";
    private const string Storage = "DefaultEndpointsProtocol=https;AccountName=mlecheckpoints;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net";

    private static StreamsOptions Valid() => new()
    {
        Provider = StreamsOptions.EventHubs,
        ConnectionString = Namespace,
        EventHubName = "events",
        ConsumerGroup = "$Default",
        CheckpointConnectionString = Storage,
    };

    private static IReadOnlyList<string> Failures(StreamsOptions options)
    {
        var result = new StreamsOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }

    [Fact]
    public void A_namespace_connection_string_a_hub_a_consumer_group_and_checkpoint_storage_pass()
    {
        Assert.Empty(Failures(Valid()));
    }

    [Fact]
    public void A_named_consumer_group_and_a_matching_entity_path_pass()
    {
        var options = Valid();
        options.ConsumerGroup = "mle-silos_1";
        options.ConnectionString = Namespace + ";EntityPath=events";

        Assert.Empty(Failures(options));
    }

    [Theory]
    [InlineData(nameof(StreamsOptions.ConnectionString), "Mle:Streams:ConnectionString is required by the EventHubs stream provider")]
    [InlineData(nameof(StreamsOptions.EventHubName), "Mle:Streams:EventHubName is required by the EventHubs stream provider")]
    [InlineData(nameof(StreamsOptions.ConsumerGroup), "Mle:Streams:ConsumerGroup is required by the EventHubs stream provider")]
    [InlineData(nameof(StreamsOptions.CheckpointConnectionString), "Mle:Streams:CheckpointConnectionString is required by the EventHubs stream provider")]
    public void Each_missing_setting_is_named(string setting, string expected)
    {
        var options = Valid();
        typeof(StreamsOptions).GetProperty(setting)!.SetValue(options, null);

        Assert.Contains($"{expected}.", Failures(options));
    }

    [Theory]
    [InlineData("not a connection string")]
    [InlineData("AccountName=mle;AccountKey=c2VjcmV0")]
    public void A_connection_string_that_is_not_an_event_hubs_one_is_refused(string connectionString)
    {
        var options = Valid();
        options.ConnectionString = connectionString;

        var failure = Assert.Single(Failures(options));
        Assert.StartsWith("Mle:Streams:ConnectionString is not an Event Hubs connection string", failure);
    }

    [Fact]
    public void A_connection_string_without_credentials_is_refused()
    {
        var options = Valid();
        options.ConnectionString = "Endpoint=sb://mle-prod.servicebus.windows.net/";

        Assert.Contains(Failures(options), failure => failure.StartsWith("Mle:Streams:ConnectionString", StringComparison.Ordinal));
    }

    [Fact]
    public void An_entity_path_naming_another_hub_is_refused()
    {
        var options = Valid();
        options.ConnectionString = Namespace + ";EntityPath=other";

        Assert.Contains("Mle:Streams:ConnectionString names the hub 'other' (EntityPath) but Mle:Streams:EventHubName is 'events'.", Failures(options));
    }

    [Theory]
    [InlineData("-events")]
    [InlineData("events/")]
    [InlineData("my events")]
    public void A_hub_name_with_characters_event_hubs_refuses_is_named(string hub)
    {
        var options = Valid();
        options.EventHubName = hub;

        var failure = Assert.Single(Failures(options));
        Assert.StartsWith($"Mle:Streams:EventHubName '{hub}' is not an event hub name", failure);
    }

    [Fact]
    public void A_consumer_group_longer_than_event_hubs_allows_is_named()
    {
        var options = Valid();
        options.ConsumerGroup = new string('g', 51);

        var failure = Assert.Single(Failures(options));
        Assert.StartsWith("Mle:Streams:ConsumerGroup", failure);
    }

    [Fact]
    public void A_checkpoint_connection_string_that_is_not_azure_storage_is_named()
    {
        var options = Valid();
        options.CheckpointConnectionString = "Host=db;Database=checkpoints";

        var failure = Assert.Single(Failures(options));
        Assert.StartsWith("Mle:Streams:CheckpointConnectionString is not an Azure Storage connection string", failure);
    }

    [Fact]
    public void Other_stream_providers_are_not_held_to_event_hubs_rules()
    {
        var options = new StreamsOptions { Provider = StreamsOptions.AzureQueue, ConnectionString = Storage, EventHubName = "-ignored-" };

        Assert.Empty(Failures(options));
    }
}
