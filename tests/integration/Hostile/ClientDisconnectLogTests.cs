using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mle.Client;
using Mle.Silo.Hosting;
using Mle.Tests.Integration.Cluster;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Hostile;

/// <summary>An SDK client that goes away is routine: the silo notes it quietly, with no warning and no stack trace.</summary>
public sealed class ClientDisconnectLogTests : IAsyncLifetime
{
    private TestSilo? _silo;
    private readonly CapturedLogs _logs = new();

    public async Task InitializeAsync()
    {
        // Orleans' connection lines down to Information, so the test sees the disconnect being noticed.
        _silo = await TestSilo.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Orleans.Runtime.Messaging"] = "Information" });
        _silo.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_sdk_client_that_disconnects_leaves_no_warning_or_stack_trace()
    {
        var gatewayPort = _silo!.Services.GetRequiredService<IOptions<ClusteringOptions>>().Value.GatewayPort;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMleClient(options =>
        {
            options.GatewayPort = gatewayPort;
            options.ApiKey = _silo.AdminKey;
        });
        var client = builder.Build();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await client.StartAsync(timeout.Token);
        }
        await client.Services.GetRequiredService<IMleClient>().Models.ListAsync();

        // Stopped with a token that is already cancelled: no graceful goodbye, as a process that exits does.
        using (var cancelled = new CancellationTokenSource())
        {
            await cancelled.CancelAsync();
            try
            {
                await client.StopAsync(cancelled.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        await ((IAsyncDisposable)client).DisposeAsync();

        await Eventually.Holds(() => Task.FromResult(_logs.Entries), entries => entries.Any(e => e.Message.Contains("Recorded closed socket", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the gateway records the closed client connection");
        var noisy = _logs.Entries.Where(e => e.Level >= LogLevel.Warning || e.Exception is not null).ToList();
        Assert.True(noisy.Count == 0, string.Join(Environment.NewLine, noisy));
    }
}
