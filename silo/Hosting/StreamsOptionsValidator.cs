using Microsoft.Extensions.Options;

namespace Mle.Silo.Hosting;

internal sealed class StreamsOptionsValidator : IValidateOptions<StreamsOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamsOptions options)
    {
        var failures = new SettingFailures(StreamsOptions.Section);
        failures.OneOf(nameof(options.Provider), options.Provider, StreamProviders.All.Select(p => p.Name));
        if (StreamProviders.Find(options.Provider) is { } provider)
        {
            foreach (var required in provider.Requires)
            {
                failures.Required(required.Key, required.Value(options), $"by the {provider.Name} stream provider");
            }
        }

        if (options.QueueVisibilityTimeout is { } visibility && visibility <= TimeSpan.Zero)
        {
            failures.Add($"{failures.Setting(nameof(options.QueueVisibilityTimeout))} must be positive; it is {visibility}.");
        }

        if (options.MaxEventDeliveryTime < TimeSpan.FromMinutes(1))
        {
            failures.Add($"{failures.Setting(nameof(options.MaxEventDeliveryTime))} must be at least 1 minute; it is {options.MaxEventDeliveryTime}.");
        }

        if (options.PollPeriod is { } poll && (poll < TimeSpan.FromMilliseconds(1) || poll > TimeSpan.FromMinutes(1)))
        {
            failures.Add($"{failures.Setting(nameof(options.PollPeriod))} must be between 1 ms and 1 minute; it is {poll}.");
        }

        if (options.MemoryQueues is < 1 or > 64)
        {
            failures.Add($"{failures.Setting(nameof(options.MemoryQueues))} must be between 1 and 64; it is {options.MemoryQueues}.");
        }

        if (options.MemoryReadWait < TimeSpan.Zero || options.MemoryReadWait > TimeSpan.FromSeconds(10))
        {
            failures.Add($"{failures.Setting(nameof(options.MemoryReadWait))} must be between 0 and 10 seconds; it is {options.MemoryReadWait}.");
        }

        if (options.MemoryReadLinger < TimeSpan.Zero || options.MemoryReadLinger > TimeSpan.FromMilliseconds(100))
        {
            failures.Add($"{failures.Setting(nameof(options.MemoryReadLinger))} must be between 0 and 100 ms; it is {options.MemoryReadLinger}.");
        }

        if (options.MemoryQueueCapacity is < 1 or > 1_000_000)
        {
            failures.Add($"{failures.Setting(nameof(options.MemoryQueueCapacity))} must be between 1 and 1000000; it is {options.MemoryQueueCapacity}.");
        }

        if (options.DeliveryBatchSize is < 1 or > 1000)
        {
            failures.Add($"{failures.Setting(nameof(options.DeliveryBatchSize))} must be between 1 and 1000; it is {options.DeliveryBatchSize}.");
        }

        if (string.Equals(options.Provider, StreamsOptions.EventHubs, StringComparison.OrdinalIgnoreCase))
        {
            EventHubSettings.Check(failures, options);
        }

        return failures.Result();
    }
}
