using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Mle.Errors;
using Mle.Features.TrainingSets;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;
using static Mle.Tests.Integration.Features.FeatureCalls;

namespace Mle.Tests.Integration.Features;

/// <summary>One silo for the training-set tests, with small limits so they can be reached.</summary>
public sealed class TrainingSetsSilo : IAsyncLifetime
{
    public const int MaxRows = 20;
    public const int MaxInputBytes = 16 * 1024;

    public TestSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await TestSilo.StartAsync(new Dictionary<string, string?>
    {
        ["Mle:Limits:MaxTrainingSetRows"] = MaxRows.ToString(CultureInfo.InvariantCulture),
        ["Mle:Limits:MaxTrainingSetInputBytes"] = MaxInputBytes.ToString(CultureInfo.InvariantCulture),
        // Small chunks, so a build of a few rows already goes through several of them.
        ["Mle:Features:TrainingSetChunkRows"] = "3",
    });

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

public sealed class TrainingSetsApiTests(TrainingSetsSilo fixture) : IClassFixture<TrainingSetsSilo>
{
    private const string Features = "\"features\": [\"{set}:amount\", \"{set}:amount_avg_10m\", \"{set}:amount_count_1m\"]";

    private HttpClient Http => fixture.Silo.Http;

    [Fact]
    public async Task A_training_set_has_each_rows_features_as_of_its_timestamp_with_no_event_from_after_it()
    {
        var (set, t) = await CardsWithHistory();
        var body = $$"""
            {"name": "{{set}}-train", "includeStatus": true, {{Features.Replace("{set}", set, StringComparison.Ordinal)}},
             "rows": [
               {"cardId": "c1", "timestamp": "{{t.AddSeconds(-30):O}}", "label": 0},
               {"cardId": "c1", "timestamp": "{{t.AddSeconds(-20):O}}", "label": 1},
               {"cardId": "c1", "timestamp": "{{t.AddSeconds(-1):O}}", "label": 0},
               {"cardId": "c2", "timestamp": "{{t.AddSeconds(-31):O}}", "label": 1},
               {"cardId": "c9", "timestamp": "{{t:O}}", "label": 0},
               {"cardId": "c1", "timestamp": "{{DateTimeOffset.UtcNow.AddHours(-2):O}}", "label": 1.5}
             ]}
            """;

        var response = await Http.PostJson("/api/v1/datasets/training", body);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal($"/api/v1/datasets/{set}-train", response.Headers.Location?.OriginalString);
        var dataset = await response.Json();
        Assert.Equal(6, (long?)dataset["rows"]);
        Assert.Equal("csv", (string?)dataset["format"]);
        Assert.Equal($$"""[{"featureSet":"{{set}}","version":1}]""", dataset["sources"]!.ToJsonString());
        Assert.Equal("json", (string?)dataset["request"]!["input"]);
        var (header, rows) = await Content(set + "-train", (string)dataset["sha256"]!);
        Assert.Equal(["cardId", "timestamp", "label", $"{set}__amount", $"{set}__amount__status", $"{set}__amount_avg_10m", $"{set}__amount_avg_10m__status",
            $"{set}__amount_count_1m", $"{set}__amount_count_1m__status"], header);
        Assert.Equal(dataset["columns"]!.AsArray().Select(c => (string?)c), header);
        Assert.Equal(["0", "10", "PRESENT", "10", "PRESENT", "1", "PRESENT"], rows[0][2..]);
        // An event exactly at the row's time is in; the one 20 s later is not.
        Assert.Equal(["1", "30", "PRESENT", "20", "PRESENT", "2", "PRESENT"], rows[1][2..]);
        Assert.Equal(["0", "30", "PRESENT", "20", "PRESENT", "2", "PRESENT"], rows[2][2..]);
        Assert.Equal(["1", "", "NOT_FOUND", "", "NOT_FOUND", "", "NOT_FOUND"], rows[3][2..]);
        Assert.Equal(["0", "", "NOT_FOUND", "", "NOT_FOUND", "", "NOT_FOUND"], rows[4][2..]);
        Assert.Equal(["1.5", "", "OUTSIDE_RETENTION", "", "OUTSIDE_RETENTION", "", "OUTSIDE_RETENTION"], rows[5][2..]);

        var asOf = await Http.LookedUp(set, ["c1"], ["amount", "amount_avg_10m", "amount_count_1m"], t.AddSeconds(-1));
        Assert.Equal("[30,20,2]", asOf["results"]![0]!["values"]!.ToJsonString());
    }

    [Fact]
    public async Task A_csv_upload_and_a_stored_dataset_as_source_give_the_same_features_and_labels_round_trip()
    {
        var (set, t) = await CardsWithHistory();
        var csv = $"cardId,timestamp,label\r\nc1,{t.AddSeconds(-20):O},\"fraud, \"\"likely\"\"\"\r\nc2,{t:O},ok\r\n";

        var uploaded = await Http.PostAsync(
            $"/api/v1/datasets/training?name={set}-csv&features={set}:amount,{set}:amount_avg_10m",
            new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        Assert.Equal("csv", (string?)(await uploaded.Json())["request"]!["input"]);
        var (_, rows) = await Content(set + "-csv");
        Assert.Equal(["c1", t.AddSeconds(-20).ToString("O"), "fraud, \"likely\"", "30", "20"], rows[0]);
        Assert.Equal(["c2", t.ToString("O"), "ok", "7", "7"], rows[1]);

        var rebuilt = await Http.PostJson("/api/v1/datasets/training",
            $$"""{"name": "{{set}}-again", "features": ["{{set}}:amount_count_1m"], "source": "{{set}}-csv"}""");
        Assert.True(rebuilt.StatusCode == HttpStatusCode.Created, await rebuilt.Content.ReadAsStringAsync());
        Assert.Equal($"dataset:{set}-csv", (string?)(await rebuilt.Json())["request"]!["input"]);
        var (header, again) = await Content(set + "-again");
        Assert.Equal(["cardId", "timestamp", "label", $"{set}__amount", $"{set}__amount_avg_10m", $"{set}__amount_count_1m"], header);
        Assert.Equal([.. rows[0], "2"], again[0]);
        Assert.Equal([.. rows[1], "1"], again[1]);

        var listed = await (await Http.GetAsync($"/api/v1/datasets?q={set}")).Json();
        Assert.Equal([$"{set}-again", $"{set}-csv"], listed["items"]!.AsArray().Select(d => (string?)d!["name"]));
        var fetched = await (await Http.GetAsync($"/api/v1/datasets/{set}-again")).Json();
        Assert.Equal(2, (long?)fetched["rows"]);
    }

    [Fact]
    public async Task A_parquet_training_set_holds_the_csv_of_the_same_request_in_typed_columns_and_is_no_source()
    {
        var (set, t) = await CardsWithHistory();
        var rows = $$"""
            [{"cardId": "c1", "timestamp": "{{t.AddSeconds(-30):O}}", "label": 0},
             {"cardId": "c1", "timestamp": "{{t.AddSeconds(-20):O}}", "label": 1},
             {"cardId": "c1", "timestamp": "{{t.AddSeconds(-1):O}}", "label": null},
             {"cardId": "c2", "timestamp": "{{t.AddSeconds(-31):O}}", "label": 1},
             {"cardId": "c9", "timestamp": "{{t:O}}", "label": 0},
             {"cardId": "c1", "timestamp": "{{DateTimeOffset.UtcNow.AddHours(-2):O}}", "label": 1.5}]
            """;
        string Body(string name, string format) =>
            $$"""{"name": "{{name}}", "includeStatus": true, {{format}} {{Features.Replace("{set}", set, StringComparison.Ordinal)}}, "rows": {{rows}}}""";

        var csvBuilt = await Http.PostJson("/api/v1/datasets/training", Body(set + "-csv", ""));
        var parquetBuilt = await Http.PostJson("/api/v1/datasets/training", Body(set + "-pq", "\"format\": \"parquet\","));

        Assert.True(csvBuilt.StatusCode == HttpStatusCode.Created, await csvBuilt.Content.ReadAsStringAsync());
        Assert.True(parquetBuilt.StatusCode == HttpStatusCode.Created, await parquetBuilt.Content.ReadAsStringAsync());
        var dataset = await parquetBuilt.Json();
        Assert.Equal("parquet", (string?)dataset["format"]);
        Assert.Equal(6, (long?)dataset["rows"]);
        var (header, csvRows) = await Content(set + "-csv");
        Assert.Equal(header, dataset["columns"]!.AsArray().Select(c => (string?)c));

        var response = await Http.GetAsync($"/api/v1/datasets/{set}-pq/content");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.apache.parquet", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal((string)dataset["sha256"]!, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        var columns = await ParquetColumns.Read(bytes);
        Assert.Equal(header, columns.Select(c => c.Field.Name));
        Assert.Equal([typeof(string), typeof(DateTime), typeof(string), typeof(double), typeof(string), typeof(double), typeof(string), typeof(long), typeof(string)],
            columns.Select(c => c.Field.ClrType == typeof(ReadOnlyMemory<char>) ? typeof(string) : c.Field.ClrType));
        Assert.All(columns, c => Assert.True(c.Field.IsNullable, c.Field.Name));
        for (var r = 0; r < csvRows.Count; r++)
        {
            for (var c = 0; c < header.Length; c++)
            {
                // The timestamp column is kept to the microsecond.
                var expected = c == 1 ? ParquetColumns.Instant(ParquetColumns.ToMicroseconds(DateTimeOffset.Parse(csvRows[r][c], CultureInfo.InvariantCulture).UtcDateTime)) : csvRows[r][c];
                var actual = ParquetColumns.Text(columns[c].Values[r]);
                Assert.True(expected == actual, $"row {r}, column {header[c]}: parquet '{actual}', csv '{expected}'");
            }
        }
        // Missing values are nulls, not empty strings or zeros.
        Assert.Null(columns[2].Values[2]);
        Assert.Null(columns[3].Values[3]);
        Assert.Null(columns[7].Values[5]);

        var fromParquet = await Http.PostJson("/api/v1/datasets/training",
            $$"""{"name": "{{set}}-again", "features": ["{{set}}:amount"], "source": "{{set}}-pq"}""");
        await fromParquet.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidTrainingSet);
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadRequests() => new()
    {
        { "application/json", """{"name": "{name}", "features": ["{set}:amount"], "format": "xlsx", "rows": [{"cardId": "c1", "timestamp": "2026-01-01T00:00:00Z"}]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidTrainingSet },
        { "application/json", """{"name": "{name}", "features": ["{set}:nope"], "rows": [{"cardId": "c1", "timestamp": "2026-01-01T00:00:00Z"}]}""", HttpStatusCode.BadRequest, ErrorCodes.UnknownFeature },
        { "application/json", """{"name": "{name}", "features": ["absent:amount"], "rows": [{"cardId": "c1", "timestamp": "2026-01-01T00:00:00Z"}]}""", HttpStatusCode.NotFound, ErrorCodes.FeatureSetNotFound },
        { "application/json", """{"name": "{name}", "features": ["amount"], "rows": [{"cardId": "c1", "timestamp": "2026-01-01T00:00:00Z"}]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidTrainingSet },
        { "application/json", """{"name": "{name}", "features": ["{set}:amount"], "rows": [{"cardId": "c1", "time": "2026-01-01T00:00:00Z"}]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidTrainingSet },
        { "application/json", """{"name": "{name}", "features": ["{set}:amount"], "rows": [{"cardId": "c1", "timestamp": "soon"}]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidTrainingSet },
        { "application/json", """{"name": "{name}", "features": ["{set}:amount"], "rows": [{"cardId": ["c1"], "timestamp": "2026-01-01T00:00:00Z"}]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidTrainingSet },
        { "application/json", """{"name": "{name}", "features": ["{set}:amount"]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidTrainingSet },
        { "application/json", """{"name": "{name}", "features": ["{set}:amount"], "source": "absent"}""", HttpStatusCode.NotFound, ErrorCodes.DatasetNotFound },
        { "application/json", """{"name": "../x", "features": ["{set}:amount"], "rows": []}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidName },
        { "application/json", "[1, 2]", HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest },
        { "text/csv", "cardId,timestamp\r\nc1,\"2026-01-01T00:00:00Z\"x\r\n", HttpStatusCode.BadRequest, ErrorCodes.InvalidTrainingSet },
        { "text/csv", "cardId,timestamp\r\nc1\r\n", HttpStatusCode.BadRequest, ErrorCodes.InvalidTrainingSet },
        { "text/plain", "cardId,timestamp\r\n", HttpStatusCode.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_gets_its_stable_code_and_stores_nothing(string contentType, string body, HttpStatusCode status, string code)
    {
        var set = RestCalls.UniqueName("card");
        await Http.CreateCardSet(set);
        var name = RestCalls.UniqueName("bad");
        var path = contentType == "application/json" ? "/api/v1/datasets/training" : $"/api/v1/datasets/training?name={name}&features={set}:amount";

        var response = await Http.PostAsync(path, new StringContent(body.Replace("{name}", name, StringComparison.Ordinal).Replace("{set}", set, StringComparison.Ordinal),
            Encoding.UTF8, contentType));

        await response.AssertProblem(status, code);
        await (await Http.GetAsync($"/api/v1/datasets/{name}")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.DatasetNotFound);
    }

    [Fact]
    public async Task Over_the_row_or_byte_limit_is_413_naming_the_limit_and_a_taken_name_is_409()
    {
        var (set, t) = await CardsWithHistory();
        var rows = string.Join(", ", Enumerable.Range(0, TrainingSetsSilo.MaxRows + 1).Select(i => $$"""{"cardId": "c{{i}}", "timestamp": "{{t:O}}"}"""));
        var csvRows = string.Concat(Enumerable.Range(0, TrainingSetsSilo.MaxRows + 1).Select(i => $"c{i},{t:O}\r\n"));
        var big = "cardId,timestamp,pad\r\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"c{i},{t:O},{new string('x', TrainingSetsSilo.MaxInputBytes / 8)}\r\n"));

        var tooManyRows = await Http.PostJson("/api/v1/datasets/training", $$"""{"name": "{{set}}-rows", "features": ["{{set}}:amount"], "rows": [{{rows}}]}""");
        var tooManyCsvRows = await Http.PostAsync($"/api/v1/datasets/training?name={set}-csvrows&features={set}:amount",
            new StringContent("cardId,timestamp\r\n" + csvRows, Encoding.UTF8, "text/csv"));
        var tooManyBytes = await Http.PostAsync($"/api/v1/datasets/training?name={set}-bytes&features={set}:amount", new StringContent(big, Encoding.UTF8, "text/csv"));
        var first = await Http.PostJson("/api/v1/datasets/training", $$"""{"name": "{{set}}-once", "features": ["{{set}}:amount"], "rows": [{"cardId": "c1", "timestamp": "{{t:O}}"}]}""");
        var again = await Http.PostJson("/api/v1/datasets/training", $$"""{"name": "{{set}}-once", "features": ["{{set}}:amount"], "rows": [{"cardId": "c2", "timestamp": "{{t:O}}"}]}""");

        var problem = await tooManyRows.AssertProblem(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.TrainingSetTooLarge);
        Assert.Equal("Mle:Limits:MaxTrainingSetRows", (string?)problem["limit"]!["setting"]);
        await tooManyCsvRows.AssertProblem(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.TrainingSetTooLarge);
        var bytes = await tooManyBytes.AssertProblem(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.RequestTooLarge);
        Assert.Equal("Mle:Limits:MaxTrainingSetInputBytes", (string?)bytes["limit"]!["setting"]);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await again.AssertProblem(HttpStatusCode.Conflict, ErrorCodes.DatasetAlreadyExists);
        foreach (var refused in new[] { "rows", "csvrows", "bytes" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/v1/datasets/{set}-{refused}")).StatusCode);
        }
        var (_, kept) = await Content(set + "-once");
        Assert.Equal("c1", kept.Single()[0]);
    }

    [Fact]
    public async Task Another_tenants_dataset_and_feature_sets_are_not_found()
    {
        var (set, t) = await CardsWithHistory();
        var created = await Http.PostJson("/api/v1/datasets/training", $$"""{"name": "{{set}}-mine", "features": ["{{set}}:amount"], "rows": [{"cardId": "c1", "timestamp": "{{t:O}}"}]}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var (key, _) = await Security.Keys.Create(Http, "scientist", RestCalls.UniqueName("tenant"));
        using var other = fixture.Silo.ClientWithKey(key);

        await (await other.GetAsync($"/api/v1/datasets/{set}-mine")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.DatasetNotFound);
        await (await other.GetAsync($"/api/v1/datasets/{set}-mine/content")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.DatasetNotFound);
        await (await other.PostJson("/api/v1/datasets/training", $$"""{"name": "copy", "features": ["{{set}}:amount"], "rows": [{"cardId": "c1", "timestamp": "{{t:O}}"}]}"""))
            .AssertProblem(HttpStatusCode.NotFound, ErrorCodes.FeatureSetNotFound);
        Assert.Empty((await (await other.GetAsync("/api/v1/datasets")).Json())["items"]!.AsArray());
    }

    [Fact]
    public async Task A_build_is_audited_and_its_dataset_survives_the_sweep_of_unreferenced_artifacts()
    {
        var (set, t) = await CardsWithHistory();
        var created = await Http.PostJson("/api/v1/datasets/training", $$"""{"name": "{{set}}-kept", "features": ["{{set}}:amount"], "rows": [{"cardId": "c1", "timestamp": "{{t:O}}"}]}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var sha256 = (string)(await created.Json())["sha256"]!;

        var sweep = fixture.Silo.Services.GetRequiredService<Mle.Registry.UnreferencedArtifactSweep>();
        await sweep.Collect(TimeSpan.Zero);

        var (_, rows) = await Content(set + "-kept", sha256);
        Assert.Equal(["c1", t.ToString("O"), "50"], rows.Single());
        var entry = Assert.Single(await Audit.AuditLog.Entries(Http, $"action={Mle.Audit.AuditActions.DatasetCreate}&resource=datasets/{set}-kept"))!;
        Assert.Equal("Succeeded", (string?)entry["outcome"]);
    }

    /// <summary>A card set with c1's amounts 10, 30, 50 at t−40 s, t−20 s and t, and c2's 7 at t−30 s.</summary>
    private async Task<(string Set, DateTimeOffset T)> CardsWithHistory()
    {
        var set = RestCalls.UniqueName("card");
        await Http.CreateCardSet(set);
        var t = RecentSecond(10);
        await Http.Pushed(set, Event("e1", "c1", t.AddSeconds(-40), "10"), Event("e2", "c1", t.AddSeconds(-20), "30"), Event("e3", "c1", t, "50"),
            Event("e4", "c2", t.AddSeconds(-30), "7"));
        return (set, t);
    }

    private async Task<(string[] Header, List<string[]> Rows)> Content(string dataset, string? sha256 = null)
    {
        var response = await Http.GetAsync($"/api/v1/datasets/{dataset}/content");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (sha256 is not null)
        {
            Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            Assert.Equal($"\"{sha256}\"", response.Headers.ETag?.Tag);
        }
        var reader = new CsvRecords(new StringReader(Encoding.UTF8.GetString(bytes)));
        var header = (await reader.Next())!;
        var rows = new List<string[]>();
        while (await reader.Next() is { } row)
        {
            rows.Add(row);
        }
        return (header, rows);
    }
}
