// The service a team would hand-write instead of the feature mart, in the Feast online-store architecture: each
// entity's features in a Redis hash, read with one pipelined HMGET per entity, answering the platform's own lookup
// route and JSON (POST /api/v1/featuresets/{name}/lookup) behind an API-key check. The benchmark harness starts it
// with --Redis=127.0.0.1:PORT, the keys it accepts (--Keys:0=...), the features' max age (--MaxAge=1.00:00:00) and --urls.
using Mle.Bench.FeaturePeer;
using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);
var redis = await ConnectionMultiplexer.ConnectAsync(
    builder.Configuration["Redis"] is { Length: > 0 } connection ? connection : throw new InvalidOperationException("Setting 'Redis' must name the Redis server (host:port)."));
builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
builder.Services.AddSingleton(new OnlineStore(
    redis,
    TimeSpan.TryParse(builder.Configuration["MaxAge"], System.Globalization.CultureInfo.InvariantCulture, out var maxAge) ? maxAge : TimeSpan.FromDays(1),
    maxEntities: 1000));

var keys = ApiKeys.From(builder.Configuration);
var app = builder.Build();
app.MapGet("/healthz", () => "ok");
// For per-request cost comparisons: what this process has allocated so far (the platform reports it on /metrics).
app.MapGet("/bench/allocated", () => GC.GetTotalAllocatedBytes(precise: true));
app.MapPost("/api/v1/featuresets/{name}/lookup", (string name, LookupRequest? request, HttpContext context, OnlineStore store) => store.Lookup(name, request, context))
    .AddEndpointFilter(keys.Check);
app.Run();
