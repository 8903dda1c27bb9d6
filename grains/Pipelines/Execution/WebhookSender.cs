using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Mle.Errors;

namespace Mle.Pipelines.Execution;

/// <summary>
/// POSTs webhook deliveries: at least once, so a failed attempt (a network error, a timeout, 408, 429 or a 5xx) is
/// retried with exponential backoff up to <see cref="PipelinesOptions.WebhookAttempts"/> times; any other answer
/// than 2xx is the receiver refusing the body, not retried. The last failure throws <c>sink_failed</c>, and the
/// records go to the pipeline's dead letters.
/// </summary>
public sealed class WebhookSender(HttpClient client, IOptions<PipelinesOptions> options, TimeProvider time)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task Deliver(Uri url, byte[] body, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        string? last = null;
        for (var attempt = 1; attempt <= settings.WebhookAttempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(settings.WebhookBackoff * Math.Pow(2, attempt - 2), time, cancellationToken);
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.WebhookTimeout);
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = Json;
                using var response = await client.PostAsync(url, content, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
                last = $"answered {(int)response.StatusCode} {response.ReasonPhrase}";
                if (!Retryable(response.StatusCode))
                {
                    break;
                }
            }
            catch (Exception error) when (error is HttpRequestException || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                last = error is OperationCanceledException ? $"did not answer within {settings.WebhookTimeout.TotalSeconds:0.###} s" : error.Message;
            }
        }
        throw new MleException(ErrorCodes.SinkFailed, $"Webhook {url} {last} (after up to {settings.WebhookAttempts} attempts, Mle:Pipelines:WebhookAttempts).", url.ToString());
    }

    private static bool Retryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
