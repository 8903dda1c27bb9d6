using System.Globalization;
using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Errors;

namespace Mle.Audit;

/// <summary>
/// A tenant's audit log: entries are appended to the head, which is sealed into an <see cref="IAuditSegmentGrain"/>
/// when it holds <see cref="AuditOptions.SegmentEntries"/>; sealing drops the segments retention no longer keeps.
/// Every append is durable before it is acknowledged: the gateway and the client call filter make a change only
/// after its attempt is recorded here.
/// </summary>
public sealed class AuditLogGrain(
    [PersistentState("auditlog", StorageNames.Audit)] IPersistentState<AuditLogState> state,
    IOptions<AuditOptions> options,
    TimeProvider clock) : Grain, IAuditLogGrain
{
    private string Tenant => this.GetPrimaryKeyString();

    public async Task<long> Record(AuditEntry entry)
    {
        var log = state.State;
        var sequence = log.NextSequence;
        log.Head.Add(entry with { Sequence = sequence, Tenant = Tenant });
        log.NextSequence++;
        if (log.Head.Count >= options.Value.SegmentEntries)
        {
            await Seal();
        }
        await Persist();
        return sequence;
    }

    public async Task<AuditEntry> Complete(long sequence, AuditCompletion completion)
    {
        var head = state.State.Head;
        var index = head.FindIndex(e => e.Sequence == sequence);
        if (index >= 0)
        {
            if (head[index].Outcome == AuditOutcome.Unknown)
            {
                head[index] = head[index].Completed(completion);
                await Persist();
            }
            return head[index];
        }
        // The head was sealed while the attempt ran: its entry is in the newest segment that covers it.
        var segment = state.State.Sealed.LastOrDefault(s => s.FirstSequence <= sequence && sequence <= s.LastSequence);
        return (segment is null ? null : await Segment(segment.Index).Complete(sequence, completion))
            ?? throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "The audit log has no such entry (it may have been dropped by retention).");
    }

    public async Task<AuditPage> Query(AuditQuery query)
    {
        var below = long.MaxValue;
        if (query.PageToken is { } token && (!long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out below) || below < 1))
        {
            throw MleErrors.InvalidRequest("pageToken is not one this log returned.", "pageToken");
        }
        var cutoff = AuditRetention.Cutoff(clock.GetUtcNow(), options.Value);
        var items = new List<AuditEntry>(Math.Min(query.PageSize, 64));
        var more = false;
        foreach (var source in Sources(query, below, cutoff))
        {
            foreach (var entry in (await source()).Reverse())
            {
                if (entry.Sequence >= below || entry.Time < cutoff || !query.Matches(entry))
                {
                    continue;
                }
                if (items.Count == query.PageSize)
                {
                    more = true;
                    break;
                }
                items.Add(entry);
            }
            if (more)
            {
                break;
            }
        }
        return new AuditPage(items, more ? items[^1].Sequence.ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>The head, then the sealed segments newest first, skipping those no entry of which can match.</summary>
    private IEnumerable<Func<Task<IEnumerable<AuditEntry>>>> Sources(AuditQuery query, long below, DateTimeOffset cutoff)
    {
        var head = state.State.Head.ToList();
        yield return () => Task.FromResult<IEnumerable<AuditEntry>>(head);
        foreach (var segment in state.State.Sealed.AsEnumerable().Reverse().ToList())
        {
            if (segment.FirstSequence >= below || segment.LastTime < cutoff
                || (query.From is { } from && segment.LastTime < from) || (query.To is { } to && segment.FirstTime >= to))
            {
                continue;
            }
            yield return async () => await Segment(segment.Index).Read();
        }
    }

    private async Task Seal()
    {
        var log = state.State;
        var entries = log.Head.ToList();
        await Segment(log.NextSegment).Write(entries);
        log.Sealed.Add(new AuditSegmentInfo(log.NextSegment, entries[0].Sequence, entries[^1].Sequence,
            entries.Min(e => e.Time), entries.Max(e => e.Time)));
        log.NextSegment++;
        log.Head = [];
        foreach (var expired in AuditRetention.Expired(log.Sealed, clock.GetUtcNow(), options.Value))
        {
            await Segment(expired.Index).Drop();
            log.Sealed.Remove(expired);
        }
    }

    private IAuditSegmentGrain Segment(int index) =>
        GrainFactory.GetGrain<IAuditSegmentGrain>($"{Tenant}/{index.ToString(CultureInfo.InvariantCulture)}");

    private async Task Persist()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The state in memory is ahead of storage (an entry nobody was told about): start over from storage.
            DeactivateOnIdle();
            throw;
        }
    }
}
