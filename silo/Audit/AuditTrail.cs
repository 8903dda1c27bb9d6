using Microsoft.Extensions.Options;
using Mle.Audit;
using Mle.Errors;
using Mle.Security;
using Mle.Streams;
using Orleans.Streams;

namespace Mle.Silo.Audit;

/// <summary>
/// The one writer of audit entries, for REST (<see cref="AuditMiddleware"/>) and the SDK (the client call filter).
/// A change is recorded before it is made (<see cref="Begin"/>): when the tenant's log cannot take the entry, the
/// change is refused with <c>audit_unavailable</c> and nothing happens. Its end is recorded after
/// (<see cref="Complete"/>), retried <see cref="AuditOptions.CompletionAttempts"/> times; if that still fails the
/// entry stays with outcome Unknown and the outcome is logged as an error, so no change goes unrecorded. A completed
/// entry is pushed on the tenant's notifications stream (<see cref="AuditNotifications"/>), best effort: the log is
/// the record, the stream a notice.
/// </summary>
public sealed partial class AuditTrail(
    IGrainFactory grains,
    IServiceProvider services,
    TimeProvider clock,
    IOptions<AuditOptions> options,
    ILogger<AuditTrail> logger)
{
    /// <summary>The longest resource, address or client text kept; longer is cut (they come from the caller).</summary>
    private const int MaxText = 512;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>An entry for an attempt of <paramref name="caller"/> that has not run yet.</summary>
    public AuditEntry Draft(Caller caller, string credential, string action, string resource, string channel, string? remoteAddress, string? client) =>
        new(0, clock.GetUtcNow(), caller.Tenant, caller.Subject, Roles.Name(caller.Role), credential, action, Printable(resource)!,
            AuditOutcome.Unknown, 0, null, channel, Printable(remoteAddress), Printable(client));

    /// <summary>Records the attempt before its change is made; its entry, numbered, to complete afterwards.</summary>
    /// <exception cref="AuditUnavailableException">The log cannot record it: the change must not be made.</exception>
    public async Task<AuditEntry> Begin(AuditEntry draft)
    {
        try
        {
            var sequence = await Log(draft.Tenant).Record(draft);
            return draft with { Sequence = sequence };
        }
        catch (Exception failure)
        {
            LogBeginFailed(logger, failure, draft.Tenant, draft.Action, draft.Resource, draft.Actor);
            throw MleErrors.AuditUnavailable();
        }
    }

    /// <summary>Records how <paramref name="attempt"/> ended, retrying; never throws (the change is done or not, either way).</summary>
    public async Task Complete(AuditEntry attempt, AuditCompletion completion)
    {
        var attempts = options.Value.CompletionAttempts;
        for (var tried = 1; ; tried++)
        {
            try
            {
                await Publish(await Log(attempt.Tenant).Complete(attempt.Sequence, completion));
                return;
            }
            catch (Exception failure) when (tried < attempts)
            {
                LogCompletionRetried(logger, failure, attempt.Tenant, attempt.Sequence, tried);
                await Task.Delay(RetryDelay * tried);
            }
            catch (Exception failure)
            {
                LogCompletionLost(logger, failure, attempt.Tenant, attempt.Sequence, attempt.Action, attempt.Resource, attempt.Actor,
                    completion.Outcome, completion.Status, completion.Code);
                return;
            }
        }
    }

    /// <summary>Records an attempt refused before it could change anything, in one write; never throws.</summary>
    public async Task Refused(AuditEntry draft, AuditCompletion completion)
    {
        var entry = draft.Completed(completion);
        try
        {
            var sequence = await Log(entry.Tenant).Record(entry);
            await Publish(entry with { Sequence = sequence });
        }
        catch (Exception failure)
        {
            LogRefusalLost(logger, failure, entry.Tenant, entry.Action, entry.Resource, entry.Actor, entry.Status);
        }
    }

    /// <summary>
    /// Records a change the platform itself made (a canary's rollback), already done, in one write; never throws.
    /// The same single write as <see cref="Refused"/>, named for what it records.
    /// </summary>
    public Task Record(AuditEntry draft, AuditCompletion completion) => Refused(draft, completion);

    private IAuditLogGrain Log(string tenant) => grains.GetGrain<IAuditLogGrain>(tenant);

    private async Task Publish(AuditEntry entry)
    {
        try
        {
            if (services.GetKeyedService<IStreamProvider>(StreamNames.Provider) is { } streams)
            {
                await streams.GetStream<AuditEntry>(StreamId.Create(StreamNames.Notifications, AuditNotifications.StreamKey(entry.Tenant)))
                    .OnNextAsync(entry);
            }
        }
        catch (Exception failure)
        {
            LogPublishFailed(logger, failure, entry.Tenant, entry.Sequence);
        }
    }

    // Caller-supplied text is bounded and free of control characters (it would forge log lines and break readers).
    private static string? Printable(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var shown = text.Length > MaxText ? text[..MaxText] : text;
        return string.Create(shown.Length, shown, (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(source[i]) || char.IsSurrogate(source[i]) ? '?' : source[i];
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit log of tenant {Tenant} cannot record {Action} on {Resource} by {Actor}; the change is refused")]
    private static partial void LogBeginFailed(ILogger logger, Exception failure, string tenant, string action, string resource, string actor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit log of tenant {Tenant}: recording the outcome of entry {Sequence} failed (try {Tried}); retrying")]
    private static partial void LogCompletionRetried(ILogger logger, Exception failure, string tenant, long sequence, int tried);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit log of tenant {Tenant}: entry {Sequence} ({Action} on {Resource} by {Actor}) stays Unknown; its outcome was {Outcome} {Status} {Code}")]
    private static partial void LogCompletionLost(ILogger logger, Exception failure, string tenant, long sequence, string action, string resource, string actor,
        AuditOutcome outcome, int status, string? code);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit log of tenant {Tenant} cannot record a refused {Action} on {Resource} by {Actor} ({Status})")]
    private static partial void LogRefusalLost(ILogger logger, Exception failure, string tenant, string action, string resource, string actor, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit entry {Sequence} of tenant {Tenant} is recorded but could not be pushed on the notifications stream")]
    private static partial void LogPublishFailed(ILogger logger, Exception failure, string tenant, long sequence);
}
