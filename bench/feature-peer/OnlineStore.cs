using System.Text.Json;
using StackExchange.Redis;

namespace Mle.Bench.FeaturePeer;

/// <summary>
/// The Feast online-store read: one <c>HMGET</c> per entity, all sent before any answer is awaited (StackExchange.Redis
/// pipelines them on its one connection), and the answer written as the platform's lookup response, row-major, one
/// result per entity in request order, each value with its status and event time.
/// </summary>
public sealed class OnlineStore(IConnectionMultiplexer redis, TimeSpan maxAge, int maxEntities)
{
    private static readonly JsonEncodedText FeaturesName = JsonEncodedText.Encode("features");
    private static readonly JsonEncodedText ResultsName = JsonEncodedText.Encode("results");
    private static readonly JsonEncodedText EntityName = JsonEncodedText.Encode("entity");
    private static readonly JsonEncodedText ValuesName = JsonEncodedText.Encode("values");
    private static readonly JsonEncodedText StatusesName = JsonEncodedText.Encode("statuses");
    private static readonly JsonEncodedText EventTimesName = JsonEncodedText.Encode("eventTimes");
    private static readonly JsonEncodedText AtName = JsonEncodedText.Encode("at");
    private static readonly JsonEncodedText Present = JsonEncodedText.Encode("PRESENT");
    private static readonly JsonEncodedText NotFound = JsonEncodedText.Encode("NOT_FOUND");
    private static readonly JsonEncodedText Null = JsonEncodedText.Encode("NULL");
    private static readonly JsonEncodedText OutsideMaxAge = JsonEncodedText.Encode("OUTSIDE_MAX_AGE");

    public async Task<IResult> Lookup(string name, LookupRequest? request, HttpContext context)
    {
        if (request?.Entities is not { } entities || request.Features is not { Count: > 0 } features)
        {
            return Results.Problem("The lookup needs entities and at least one feature.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (request.AsOf is not null)
        {
            return Results.Problem("An online store answers now only: asOf is not supported.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (entities.Count > maxEntities)
        {
            return Results.Problem($"At most {maxEntities} entities per lookup.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        var database = redis.GetDatabase();
        var fields = FeatureHashLayout.Fields(features);
        var reads = new Task<RedisValue[]>[entities.Count];
        for (var i = 0; i < entities.Count; i++)
        {
            reads[i] = database.HashGetAsync(FeatureHashLayout.Key(name, entities[i]), fields);
        }
        await Task.WhenAll(reads);
        var now = DateTimeOffset.UtcNow;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using (var json = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            Write(json, entities, features, reads, now);
        }
        return Results.Empty;
    }

    private void Write(Utf8JsonWriter json, List<string> entities, List<string> features, Task<RedisValue[]>[] reads, DateTimeOffset now)
    {
        json.WriteStartObject();
        json.WriteStartArray(FeaturesName);
        foreach (var feature in features)
        {
            json.WriteStringValue(feature);
        }
        json.WriteEndArray();
        json.WriteStartArray(ResultsName);
        for (var e = 0; e < entities.Count; e++)
        {
            var stored = reads[e].Result;
            json.WriteStartObject();
            json.WriteString(EntityName, entities[e]);
            json.WriteStartArray(ValuesName);
            for (var f = 0; f < features.Count; f++)
            {
                if (stored[f].IsNull || Stale(stored[features.Count + f], now))
                {
                    json.WriteNullValue();
                }
                else
                {
                    json.WriteRawValue(FeatureHashLayout.Json(stored[f]), skipInputValidation: true);
                }
            }
            json.WriteEndArray();
            json.WriteStartArray(StatusesName);
            for (var f = 0; f < features.Count; f++)
            {
                json.WriteStringValue(stored[f].IsNull ? NotFound
                    : Stale(stored[features.Count + f], now) ? OutsideMaxAge
                    : FeatureHashLayout.Json(stored[f]).SequenceEqual("null"u8) ? Null
                    : Present);
            }
            json.WriteEndArray();
            json.WriteStartArray(EventTimesName);
            for (var f = 0; f < features.Count; f++)
            {
                if (FeatureHashLayout.EventTime(stored[features.Count + f]) is { } time)
                {
                    json.WriteStringValue(time);
                }
                else
                {
                    json.WriteNullValue();
                }
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteString(AtName, now);
        json.WriteEndObject();
    }

    private bool Stale(RedisValue eventTime, DateTimeOffset now) => FeatureHashLayout.EventTime(eventTime) is { } time && time < now - maxAge;
}
