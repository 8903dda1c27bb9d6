using System.Globalization;
using System.Text;
using Mle.Errors;
using Mle.Features;
using Mle.Features.TrainingSets;
using static Mle.Tests.Unit.Features.FeatureSets;

namespace Mle.Tests.Unit.Features.TrainingSets;

public sealed class TrainingSetBuilderTests
{
    private static readonly TimeSpan NoMargin = TimeSpan.Zero;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Every_row_gets_its_features_as_of_its_own_time_exactly_as_a_per_row_as_of_lookup_and_as_the_brute_force_reference(int seed)
    {
        var definition = Define(Everything(lateness: TimeSpan.FromSeconds(20), retention: TimeSpan.FromDays(1), maxAge: TimeSpan.FromMinutes(5)));
        var random = new Random(seed);
        var source = new EntitySource();
        var references = new Dictionary<string, ReferenceEntity>();
        var clock = Epoch;
        var sent = new List<FeatureEvent>();
        for (var i = 0; i < 600; i++)
        {
            clock = clock.AddMilliseconds(random.Next(0, 3000));
            var entity = $"c{random.Next(0, 5)}";
            var roll = random.NextDouble();
            var e = roll < 0.1 && sent.Count > 0
                ? sent[random.Next(sent.Count)]
                : Event($"e{i}", roll < 0.35 ? clock.AddMilliseconds(-random.Next(0, 30_000)) : clock,
                    roll < 0.4 ? null : Math.Round(random.NextDouble() * 100, 2), random.NextDouble() < 0.8 ? $"m{random.Next(0, 4)}" : null, entity);
            sent.Add(e);
            source.Entity("card", e.Entity).Apply(definition, [e], NoMargin);
            if (!references.TryGetValue(e.Entity, out var reference))
            {
                references[e.Entity] = reference = new ReferenceEntity(definition);
            }
            reference.Apply(e);
        }
        var names = definition.Raw.Keys.Concat(definition.Aggregates.Keys).ToList();
        var rows = Enumerable.Range(0, 400).Select(r => (IReadOnlyList<string?>)
            [$"c{random.Next(0, 6)}", Epoch.AddMilliseconds(random.Next(-5_000, (int)(clock - Epoch).TotalMilliseconds + 60_000)).ToString("O"), $"label{r}"]).ToList();

        var (header, output) = await Build(source, definition, names.Select(n => $"card:{n}"), ["cardId", "timestamp", "label"], rows,
            includeStatus: true, now: clock, chunkRows: 37);

        Assert.Equal(["cardId", "timestamp", "label", .. names.SelectMany(n => new[] { $"card__{n}", $"card__{n}__status" })], header);
        Assert.Equal(rows.Count, output.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var entity = rows[r][0]!;
            var at = DateTimeOffset.Parse(rows[r][1]!, CultureInfo.InvariantCulture);
            Assert.Equal(rows[r], output[r].Take(3));
            var asOf = source.Entity("card", entity).Read(definition, entity, names, at);
            for (var f = 0; f < names.Count; f++)
            {
                var (value, status) = (output[r][3 + 2 * f], output[r][4 + 2 * f]);
                var where = $"row {r} ({entity} at {at:O}) {names[f]}";
                Assert.True(DatasetCells.Format(asOf.Values[f]) == NullIfEmpty(value), $"{where}: {value}, the asOf lookup says {asOf.Values[f]}");
                Assert.Equal(TrainingCellStatuses.Name(TrainingCellStatuses.Of(asOf.Statuses[f])), status);
                // The reference computes from the events at or before the row's time only: no future leakage.
                var (expected, expectedStatus, _) = references.TryGetValue(entity, out var reference)
                    ? reference.Read(names[f], at) : (FeatureValue.Null, FeatureStatus.NotFound, null);
                Assert.True(expectedStatus == asOf.Statuses[f], $"{where}: status {status}, the reference says {expectedStatus}");
                Assert.True(Close(expected, asOf.Values[f]), $"{where}: {value}, the reference says {expected}");
            }
        }
    }

    [Fact]
    public async Task An_event_one_tick_after_a_rows_time_never_reaches_that_rows_features()
    {
        var definition = Define(Card());
        var source = new EntitySource();
        var t = Epoch.AddMinutes(5);
        source.Entity("card", "c1").Apply(definition, [Event("e1", t.AddSeconds(-30), 10), Event("e2", t.AddTicks(1), 1000)], NoMargin);

        var (_, output) = await Build(source, definition, ["card:amount", "card:amount_avg_10m"], ["cardId", "timestamp"],
            [["c1", t.ToString("O")], ["c1", t.AddTicks(1).ToString("O")], ["c1", t.AddSeconds(1).ToString("O")]], includeStatus: false, now: t);

        Assert.Equal(["c1", t.ToString("O"), "10", "10"], output[0]);
        // The raw value is the latest at or before the time; the 1 s-hop window ends at the time rounded down to its hop.
        Assert.Equal(["c1", t.AddTicks(1).ToString("O"), "1000", "10"], output[1]);
        Assert.Equal(["c1", t.AddSeconds(1).ToString("O"), "1000", "505"], output[2]);
    }

    [Fact]
    public async Task A_row_older_than_the_sets_retention_gets_outside_retention_and_no_value_while_newer_rows_get_theirs()
    {
        var definition = Define(Card(retention: TimeSpan.FromHours(1)));
        var source = new EntitySource();
        var now = Epoch.AddHours(3);
        source.Entity("card", "c1").Apply(definition, [Event("e1", now.AddHours(-2), 1), Event("e2", now.AddMinutes(-30), 2)], NoMargin);

        var (_, output) = await Build(source, definition, ["card:amount"], ["entity", "timestamp"],
            [["c1", now.AddMinutes(-61).ToString("O")], ["c1", now.AddMinutes(-59).ToString("O")], ["c9", now.ToString("O")]], includeStatus: true, now: now);

        Assert.Equal([null, "OUTSIDE_RETENTION"], output[0].Skip(2).Select(NullIfEmpty));
        Assert.Equal(["1", "PRESENT"], output[1].Skip(2));
        Assert.Equal([null, "NOT_FOUND"], output[2].Skip(2).Select(NullIfEmpty));
        Assert.DoesNotContain(source.Reads, read => read.Entity == "c1" && read.Times == 2);
    }

    [Fact]
    public async Task Each_entity_is_read_once_per_chunk_with_all_its_times_and_rows_keep_their_input_order()
    {
        var definition = Define(Card());
        var source = new EntitySource();
        for (var s = 0; s < 10; s++)
        {
            source.Entity("card", $"c{s % 2}").Apply(definition, [Event($"e{s}", Epoch.AddSeconds(s), s, entity: $"c{s % 2}")], NoMargin);
        }
        var rows = Enumerable.Range(0, 10).Select(s => (IReadOnlyList<string?>)[$"c{s % 2}", Epoch.AddSeconds(s).ToString("O")]).ToList();

        var (_, output) = await Build(source, definition, ["card:amount"], ["cardId", "timestamp"], rows, includeStatus: false, now: Epoch.AddMinutes(1), chunkRows: 4);

        Assert.Equal(Enumerable.Range(0, 10).Select(s => s.ToString(CultureInfo.InvariantCulture)), output.Select(row => row[2]));
        // Chunks of 4, 4 and 2 rows, each with both entities: two reads per chunk, all of an entity's times in one.
        Assert.Equal([1, 1, 2, 2, 2, 2], source.Reads.Select(r => r.Times).Order());
    }

    [Fact]
    public async Task Features_of_two_sets_read_each_sets_entity_from_its_own_key_column()
    {
        var cards = Define(Card(), "card");
        var merchants = Define(new FeatureSetSpec("merchantId", [new RawFeature("risk", FeatureType.Float)], []), "merchant");
        var source = new EntitySource();
        source.Entity("card", "c1").Apply(cards, [Event("e1", Epoch, 5)], NoMargin);
        source.Entity("merchant", "m1").Apply(merchants, [new FeatureEvent("r1", "m1", Epoch, new Dictionary<string, FeatureValue> { ["risk"] = 0.75 })], NoMargin);
        var builder = new TrainingSetBuilder(source, new FeaturesOptions(), 100, new FixedClock(Epoch.AddMinutes(1)));
        var plan = TrainingSetPlan.Create(
            [TrainingFeature.Parse("merchant:risk", "f0"), TrainingFeature.Parse("card:amount", "f1")],
            new Dictionary<string, FeatureSetDefinition> { ["card"] = cards, ["merchant"] = merchants },
            ["cardId", "merchantId", "timestamp", "fraud"], "timestamp", includeStatus: false);

        var output = await Run(builder, plan, [["c1", "m1", Epoch.ToString("O"), "1"]]);

        Assert.Equal("cardId,merchantId,timestamp,fraud,merchant__risk,card__amount\r\nc1,m1," + Epoch.ToString("O") + ",1,0.75,5\r\n", output);
    }

    [Theory]
    [InlineData("amount", "invalid_training_set", "features[0]")]
    [InlineData("card:nope", "unknown_feature", "features[0]")]
    [InlineData("shop:amount", "feature_set_not_found", "shop")]
    public void A_feature_not_written_set_colon_feature_or_not_declared_is_refused_before_any_row_is_read(string feature, string code, string target)
    {
        var error = Assert.ThrowsAny<MleException>(() => Plan([feature], ["cardId", "timestamp"]));

        Assert.Equal(code, error.Code);
        Assert.Equal(target, error.Target);
    }

    [Theory]
    [InlineData("cardId,time", "no column 'timestamp'")]
    [InlineData("customer,timestamp", "neither a column 'cardId'")]
    [InlineData("cardId,timestamp,cardId", "two columns named 'cardId'")]
    [InlineData("cardId,timestamp,card__amount", "already has a column 'card__amount'")]
    public void Input_columns_without_a_time_or_an_entity_or_clashing_with_a_feature_column_are_refused(string columns, string message)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Plan(["card:amount"], columns.Split(',')));

        Assert.Equal(ErrorCodes.InvalidTrainingSet, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "2026-01-01T00:00:00Z", "rows[1].cardId")]
    [InlineData("c1", "yesterday", "rows[1].timestamp")]
    [InlineData("c1", "", "rows[1].timestamp")]
    public async Task A_row_without_an_entity_or_a_readable_time_is_refused_naming_the_row_and_column(string? entity, string time, string target)
    {
        var builder = new TrainingSetBuilder(new EntitySource(), new FeaturesOptions(), 100, new FixedClock(Epoch));

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            Run(builder, Plan(["card:amount"], ["cardId", "timestamp"]), [["c1", "2026-01-01T00:00:00Z"], [entity, time]]));

        Assert.Equal(ErrorCodes.InvalidTrainingSet, error.Code);
        Assert.Equal(target, error.Target);
    }

    [Fact]
    public async Task More_rows_than_the_limit_is_training_set_too_large_naming_the_limit()
    {
        var builder = new TrainingSetBuilder(new EntitySource(), new FeaturesOptions(), 2, new FixedClock(Epoch));
        var rows = Enumerable.Repeat((IReadOnlyList<string?>)["c1", "2026-01-01T00:00:00Z"], 3).ToList();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => Run(builder, Plan(["card:amount"], ["cardId", "timestamp"]), rows));

        Assert.Equal(ErrorCodes.TrainingSetTooLarge, error.Code);
        Assert.Equal("Mle:Limits:MaxTrainingSetRows", error.Limit!.Setting);
    }

    [Fact]
    public async Task Csv_input_streams_its_rows_and_a_row_with_the_wrong_number_of_fields_names_its_line()
    {
        var input = await TrainingInput.Csv(new StringReader("cardId,timestamp\r\nc1,2026-01-01T00:00:00Z\r\nc2\r\n"), "csv", CancellationToken.None);
        var rows = new List<IReadOnlyList<string?>>();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(async () =>
        {
            await foreach (var row in input.Rows)
            {
                rows.Add(row);
            }
        });

        Assert.Equal(["cardId", "timestamp"], input.Columns);
        Assert.Single(rows);
        Assert.Equal("line 3", error.Target);
    }

    private static TrainingSetPlan Plan(IReadOnlyList<string> features, IReadOnlyList<string> columns) => TrainingSetPlan.Create(
        [.. features.Select((f, i) => TrainingFeature.Parse(f, $"features[{i}]"))],
        new Dictionary<string, FeatureSetDefinition> { ["card"] = Define(Card()) }, columns, "timestamp", includeStatus: false);

    private static async Task<(string[] Header, List<string[]> Rows)> Build(
        EntitySource source, FeatureSetDefinition definition, IEnumerable<string> features, IReadOnlyList<string> columns,
        IReadOnlyList<IReadOnlyList<string?>> rows, bool includeStatus, DateTimeOffset now, int chunkRows = 10_000)
    {
        var options = new FeaturesOptions { TrainingSetChunkRows = chunkRows, TrainingSetParallelism = 3 };
        var plan = TrainingSetPlan.Create([.. features.Select((f, i) => TrainingFeature.Parse(f, $"features[{i}]"))],
            new Dictionary<string, FeatureSetDefinition> { [definition.Ref.Name] = definition }, columns, "timestamp", includeStatus);
        var text = await Run(new TrainingSetBuilder(source, options, 1_000_000, new FixedClock(now)), plan, rows);
        var reader = new CsvRecords(new StringReader(text));
        var header = (await reader.Next())!;
        var output = new List<string[]>();
        while (await reader.Next() is { } record)
        {
            output.Add(record);
        }
        return (header, output);
    }

    private static async Task<string> Run(TrainingSetBuilder builder, TrainingSetPlan plan, IReadOnlyList<IReadOnlyList<string?>> rows)
    {
        using var output = new MemoryStream();
        var summary = await builder.Build(plan, TrainingInput.Of(plan.InputColumns, rows, "json"), output, CancellationToken.None);
        Assert.Equal(rows.Count, summary.Rows);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static bool Close(FeatureValue expected, FeatureValue actual) => (expected.Kind, actual.Kind) switch
    {
        (FeatureValueKind.Float, FeatureValueKind.Float) => Math.Abs(expected.Number - actual.Number) <= 1e-9 * Math.Max(1, Math.Abs(expected.Number)),
        (FeatureValueKind.List, FeatureValueKind.List) => expected.Items!.Count == actual.Items!.Count && expected.Items.Zip(actual.Items).All(p => Close(p.First, p.Second)),
        _ => expected.Kind == actual.Kind && expected.ToString() == actual.ToString(),
    };
}
