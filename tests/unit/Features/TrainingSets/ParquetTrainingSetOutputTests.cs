using System.Globalization;
using System.Text;
using Mle.Features;
using Mle.Features.TrainingSets;
using Mle.Tests.Support;
using Parquet;
using static Mle.Tests.Unit.Features.FeatureSets;

namespace Mle.Tests.Unit.Features.TrainingSets;

public sealed class ParquetTrainingSetOutputTests
{
    private static readonly FeatureSetSpec Typed = new(
        "cardId",
        [new RawFeature("amount", FeatureType.Float), new RawFeature("merchant", FeatureType.String),
         new RawFeature("items", FeatureType.Int), new RawFeature("online", FeatureType.Bool)],
        [
            new AggregateFeature("amount_avg_10m", "amount", AggregateFunction.Avg, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1)),
            new AggregateFeature("amount_count_1m", "amount", AggregateFunction.Count, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1)),
            new AggregateFeature("amount_last_2", "amount", AggregateFunction.LastN, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1), 2),
        ],
        null, TimeSpan.FromMinutes(1), null);

    private static readonly string[] Features =
        ["card:amount", "card:merchant", "card:items", "card:online", "card:amount_avg_10m", "card:amount_count_1m", "card:amount_last_2"];

    [Fact]
    public async Task A_parquet_training_set_has_typed_columns_with_nulls_for_missing_values_and_the_same_cells_as_its_csv()
    {
        var definition = Define(Typed);
        var source = new EntitySource();
        source.Entity("card", "c1").Apply(definition, [
            new FeatureEvent("e1", "c1", Epoch, new Dictionary<string, FeatureValue> { ["amount"] = 10.5, ["merchant"] = "fuel", ["items"] = 3L, ["online"] = true }),
            new FeatureEvent("e2", "c1", Epoch.AddSeconds(10), new Dictionary<string, FeatureValue> { ["amount"] = 20.0 }),
        ], TimeSpan.Zero);
        IReadOnlyList<IReadOnlyList<string?>> rows =
        [
            ["c1", Epoch.AddSeconds(5).ToString("O"), "1"],
            ["c1", Epoch.AddSeconds(30).ToString("O"), null],
            ["c9", Epoch.AddSeconds(30).ToString("O"), "0"],
            ["c1", Epoch.AddSeconds(-1).ToString("O"), "1"],
        ];
        var plan = TrainingSetPlan.Create([.. Features.Select((f, i) => TrainingFeature.Parse(f, $"features[{i}]"))],
            new Dictionary<string, FeatureSetDefinition> { ["card"] = definition }, ["cardId", "timestamp", "label"], "timestamp", includeStatus: true);
        var options = new FeaturesOptions { TrainingSetChunkRows = 3 };
        var builder = new TrainingSetBuilder(source, options, 100, new FixedClock(Epoch.AddMinutes(1)));

        using var parquet = new MemoryStream();
        await builder.Build(plan, TrainingInput.Of(plan.InputColumns, rows, "json"), new ParquetTrainingSetOutput(plan, parquet), CancellationToken.None);
        using var csv = new MemoryStream();
        await builder.Build(plan, TrainingInput.Of(plan.InputColumns, rows, "json"), csv, CancellationToken.None);

        parquet.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(parquet);
        // One row group per chunk of rows.
        Assert.Equal(2, reader.RowGroupCount);
        var fields = reader.Schema.DataFields;
        Assert.Equal(plan.OutputColumns, fields.Select(f => f.Name));
        Assert.All(fields, f => Assert.True(f.IsNullable, f.Name));
        Assert.Equal(typeof(DateTime), fields[1].ClrType);
        Assert.Equal(typeof(double), fields[3].ClrType);
        Assert.Equal(typeof(long), fields[7].ClrType);
        Assert.Equal(typeof(bool), fields[9].ClrType);
        Assert.Equal(typeof(double), fields[11].ClrType);
        Assert.Equal(typeof(long), fields[13].ClrType);

        var columns = (await ParquetColumns.Read(reader)).Select(c => c.Values).ToArray();
        Assert.Equal(new DateTime?[] { Epoch.AddSeconds(5).UtcDateTime, Epoch.AddSeconds(30).UtcDateTime, Epoch.AddSeconds(30).UtcDateTime, Epoch.AddSeconds(-1).UtcDateTime },
            columns[1].Cast<DateTime?>());
        Assert.Equal(new double?[] { 10.5, 20.0, null, null }, columns[3].Cast<double?>());
        Assert.Equal(new long?[] { 3, 3, null, null }, columns[7].Cast<long?>());
        Assert.Equal(new bool?[] { true, true, null, null }, columns[9].Cast<bool?>());
        Assert.Equal(new long?[] { 1, 2, null, null }, columns[13].Cast<long?>());
        Assert.Equal(new string?[] { "PRESENT", "PRESENT", "NOT_FOUND", "NOT_FOUND" }, columns[4].Cast<string?>());
        Assert.Equal(new string?[] { "[10.5]", "[20,10.5]", null, null }, columns[15].Cast<string?>());

        // Every cell as text is the CSV's cell, the timestamp as the instant it was read as.
        var records = new CsvRecords(new StringReader(Encoding.UTF8.GetString(csv.ToArray())));
        Assert.Equal(plan.OutputColumns, await records.Next());
        for (var r = 0; r < rows.Count; r++)
        {
            var record = (await records.Next())!;
            for (var c = 0; c < fields.Length; c++)
            {
                var expected = c == 1 ? ParquetColumns.Instant(DateTimeOffset.Parse(record[c], CultureInfo.InvariantCulture).UtcDateTime) : record[c];
                Assert.True(expected == ParquetColumns.Text(columns[c][r]), $"row {r}, column {fields[c].Name}: parquet {ParquetColumns.Text(columns[c][r])}, csv {expected}");
            }
        }
    }

    [Fact]
    public async Task A_parquet_training_set_of_no_rows_is_a_file_with_its_schema()
    {
        var plan = TrainingSetPlan.Create([TrainingFeature.Parse("card:amount", "features[0]")],
            new Dictionary<string, FeatureSetDefinition> { ["card"] = Define(Typed) }, ["cardId", "timestamp"], "timestamp", includeStatus: false);
        var builder = new TrainingSetBuilder(new EntitySource(), new FeaturesOptions(), 100, new FixedClock(Epoch));

        using var parquet = new MemoryStream();
        var summary = await builder.Build(plan, TrainingInput.Of(plan.InputColumns, [], "json"), new ParquetTrainingSetOutput(plan, parquet), CancellationToken.None);

        parquet.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(parquet);
        Assert.Equal(0, summary.Rows);
        Assert.Equal(0, reader.RowGroupCount);
        Assert.Equal(["cardId", "timestamp", "card__amount"], reader.Schema.DataFields.Select(f => f.Name));
    }
}
