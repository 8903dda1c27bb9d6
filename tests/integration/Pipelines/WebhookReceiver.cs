using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mle.Tests.Integration.Pipelines;

/// <summary>
/// A real webhook receiver: a small Kestrel app on a free loopback port that keeps every delivery's body. It can be
/// told to fail the next deliveries (503), as a receiver that is down for a while.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonObject> _deliveries = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private int _failures;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<JsonObject> Deliveries => [.. _deliveries];

    /// <summary>Every record delivered, in arrival order.</summary>
    public IReadOnlyList<JsonObject> Records => [.. _deliveries.SelectMany(d => d["records"]!.AsArray().Select(r => r!.AsObject()))];

    /// <summary>How many deliveries were refused on purpose.</summary>
    public int Refused { get; private set; }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            if (Interlocked.Decrement(ref receiver._failures) >= 0)
            {
                receiver.Refused++;
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            receiver._deliveries.Enqueue(body);
            receiver._arrived.Release();
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.Url = new Uri(new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()), "/hook");
        return receiver;
    }

    /// <summary>Refuses the next <paramref name="count"/> deliveries with 503.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failures, count);

    /// <summary>Waits until at least <paramref name="count"/> records have arrived, or fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<JsonObject>> WaitForRecords(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (Records.Count < count)
        {
            try
            {
                await _arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Records.Count} of {count} records arrived within {timeout}.");
            }
        }
        return Records;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
