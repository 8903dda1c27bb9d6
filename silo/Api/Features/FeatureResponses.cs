using System.Text.Json.Serialization;
using Mle.Features;

namespace Mle.Silo.Api.Features;

/// <summary>A feature set as the gateway returns it: one version of its definition, durations as strings.</summary>
public sealed record FeatureSetResponse(
    string Name,
    int Version,
    string EntityKey,
    IReadOnlyList<FeatureResponse> Features,
    IReadOnlyList<AggregateResponse> Aggregates,
    string? MaxAge,
    string AllowedLateness,
    string Retention,
    string Source,
    string? Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static FeatureSetResponse From(FeatureSetInfo set) => new(
        set.Name,
        set.Version,
        set.Spec.EntityKey,
        [.. set.Spec.Features.Select(f => new FeatureResponse(f.Name, FeatureSetRules.TypeName(f.Type), Durations.FormatOptional(f.MaxAge)))],
        [.. set.Spec.Aggregates.Select(a => new AggregateResponse(
            a.Name, a.Feature, FeatureSetRules.FunctionName(a.Function), Durations.Format(a.Window), Durations.Format(a.Hop), a.N, Durations.FormatOptional(a.MaxAge)))],
        Durations.FormatOptional(set.Spec.MaxAge),
        Durations.Format(set.Spec.AllowedLateness),
        Durations.Format(set.Spec.Retention ?? FeatureSetRules.DefaultRetention),
        $"{Mle.Streams.StreamNames.Events}/{set.Tenant}/{set.Spec.Source ?? set.Name}",
        set.Spec.Description,
        set.CreatedAt,
        set.UpdatedAt);
}

public sealed record FeatureResponse(string Name, string Type, string? MaxAge);

public sealed record AggregateResponse(string Name, string Feature, string Function, string Window, string Hop, int? N, string? MaxAge);

/// <summary>What a push did: applied, duplicate (id seen before) and late (dropped) events.</summary>
public sealed record PushResponse(int Events, int Applied, int Duplicates, int Late)
{
    public static PushResponse From(PushResult result) => new(result.Events, result.Applied, result.Duplicates, result.Late);
}

/// <summary>
/// A lookup's answer, row-major and fixed: <c>features</c> names the columns once; <c>results</c> has one row per
/// requested entity, in request order, whose <c>values</c>, <c>statuses</c> and <c>eventTimes</c> follow
/// <c>features</c>. <c>at</c> is the time the features were evaluated at; <c>featureSet</c> names the set in the
/// results of a multi-set lookup only. The gateway writes it with <see cref="LookupWriter"/>; the record is its
/// shape for the OpenAPI document.
/// </summary>
public sealed record LookupResponse(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FeatureSet, IReadOnlyList<string> Features, IReadOnlyList<LookupRowResponse> Results, DateTimeOffset At)
{
    /// <summary>The wire name of a status: <c>PRESENT</c>, <c>NOT_FOUND</c>, <c>NULL</c>, <c>OUTSIDE_MAX_AGE</c>.</summary>
    public static string Status(FeatureStatus status) => status switch
    {
        FeatureStatus.Present => "PRESENT",
        FeatureStatus.NotFound => "NOT_FOUND",
        FeatureStatus.Null => "NULL",
        _ => "OUTSIDE_MAX_AGE",
    };
}

/// <summary>One entity's row of a <see cref="LookupResponse"/>.</summary>
public sealed record LookupRowResponse(string Entity, IReadOnlyList<object?> Values, IReadOnlyList<string> Statuses, IReadOnlyList<DateTimeOffset?> EventTimes);

/// <summary>The answer of <c>POST /api/v1/features/lookup</c>: one <see cref="LookupResponse"/> per feature set, in request order.</summary>
public sealed record MultiLookupResponse(IReadOnlyList<LookupResponse> Results);
