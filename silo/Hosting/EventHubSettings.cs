using Azure.Data.Tables;
using Azure.Messaging.EventHubs;

namespace Mle.Silo.Hosting;

/// <summary>
/// The shape of the Event Hubs settings, checked on start before anything connects: a typo in a hub name or a
/// connection string pasted from the wrong page fails with the setting's name instead of a retrying pulling agent.
/// </summary>
internal static class EventHubSettings
{
    private const int MaxHubNameLength = 256;
    private const int MaxConsumerGroupLength = 50;
    private const string DefaultConsumerGroup = "$Default";

    public static void Check(SettingFailures failures, StreamsOptions options)
    {
        CheckConnectionString(failures, options);
        CheckName(failures, nameof(options.EventHubName), options.EventHubName, MaxHubNameLength, "an event hub name");
        if (!string.Equals(options.ConsumerGroup, DefaultConsumerGroup, StringComparison.OrdinalIgnoreCase))
        {
            CheckName(failures, nameof(options.ConsumerGroup), options.ConsumerGroup, MaxConsumerGroupLength, $"a consumer group ({DefaultConsumerGroup} or a name)");
        }
        CheckCheckpointStorage(failures, options.CheckpointConnectionString);
    }

    private static void CheckConnectionString(SettingFailures failures, StreamsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return;
        }

        var setting = failures.Setting(nameof(options.ConnectionString));
        EventHubsConnectionStringProperties properties;
        try
        {
            properties = EventHubsConnectionStringProperties.Parse(options.ConnectionString);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            failures.Add($"{setting} is not an Event Hubs connection string (Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=...;SharedAccessKey=...): {e.Message}");
            return;
        }

        if (properties.Endpoint is null)
        {
            failures.Add($"{setting} is not an Event Hubs connection string (Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=...;SharedAccessKey=...): it has no Endpoint.");
            return;
        }
        if (properties.Endpoint.Scheme != "sb")
        {
            failures.Add($"{setting}: its Endpoint must be an sb:// address of an Event Hubs namespace; it is '{properties.Endpoint}'.");
        }
        var hasKey = !string.IsNullOrEmpty(properties.SharedAccessKeyName) && !string.IsNullOrEmpty(properties.SharedAccessKey);
        if (!hasKey && string.IsNullOrEmpty(properties.SharedAccessSignature))
        {
            failures.Add($"{setting} has no credentials: it needs SharedAccessKeyName and SharedAccessKey, or SharedAccessSignature.");
        }
        if (!string.IsNullOrEmpty(properties.EventHubName) && !string.IsNullOrWhiteSpace(options.EventHubName)
            && !string.Equals(properties.EventHubName, options.EventHubName, StringComparison.Ordinal))
        {
            failures.Add($"{setting} names the hub '{properties.EventHubName}' (EntityPath) but {failures.Setting(nameof(options.EventHubName))} is '{options.EventHubName}'.");
        }
    }

    /// <summary>Event Hubs names: letters, digits, '.', '-' and '_', starting and ending with a letter or digit.</summary>
    private static void CheckName(SettingFailures failures, string key, string? name, int maxLength, string what)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return;
        }

        var valid = name.Length <= maxLength
            && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
        if (!valid)
        {
            failures.Add($"{failures.Setting(key)} '{name}' is not {what}: at most {maxLength} letters, digits, '.', '-' or '_', starting and ending with a letter or digit.");
        }
    }

    private static void CheckCheckpointStorage(SettingFailures failures, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        try
        {
            _ = new TableServiceClient(connectionString);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            failures.Add($"{failures.Setting(nameof(StreamsOptions.CheckpointConnectionString))} is not an Azure Storage connection string (where partition checkpoints are kept in a table): {e.Message}");
        }
    }
}
