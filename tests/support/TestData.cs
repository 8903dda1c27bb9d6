using Mle.Data;

namespace Mle.Tests.Support;

/// <summary>Deterministic rows for the test models, and the same rows as a <see cref="ColumnBatch"/>.</summary>
public static class TestData
{
    private static readonly string[] Words = ["great", "awful", "fine", "slow", "fast", "broken", "love", "hate"];

    public static readonly string[] FlowerClasses = ["setosa", "versicolor", "virginica"];

    public static List<BinaryRow> BinaryRows(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var x1 = (float)(random.NextDouble() * 4 - 2);
            var x2 = (float)(random.NextDouble() * 4 - 2);
            return new BinaryRow { X1 = x1, X2 = x2, Label = x1 + 0.5f * x2 + (float)(random.NextDouble() - 0.5) > 0 };
        })];
    }

    public static List<MixedRow> MixedRows(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var age = (float)random.Next(18, 80);
            var member = random.Next(2) == 1;
            var comment = string.Join(' ', Enumerable.Range(0, 3).Select(_ => Words[random.Next(Words.Length)]));
            float[] embedding = [(float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble()];
            var positive = comment.Contains("great") || comment.Contains("love") || comment.Contains("fast");
            return new MixedRow
            {
                Age = age,
                IsMember = member,
                Comment = comment,
                Embedding = embedding,
                Label = (positive ? 1 : 0) + (member ? 0.5 : 0) + embedding[0] - age / 100 > 0.6,
            };
        })];
    }

    public static List<RegressionRow> RegressionRows(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var size = 30 + random.NextDouble() * 170;
            var rooms = random.Next(1, 7);
            return new RegressionRow { Size = size, Rooms = rooms, Label = (float)(size * 2.5 + rooms * 10 + random.NextDouble() * 5) };
        })];
    }

    public static List<FlowerRow> FlowerRows(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var kind = i % FlowerClasses.Length;
            return new FlowerRow
            {
                Measurements = [.. Enumerable.Range(0, 4).Select(d => kind * 1.5f + d * 0.3f + (float)random.NextDouble())],
                Label = FlowerClasses[kind],
            };
        })];
    }

    public static ColumnBatch ToBatch(IReadOnlyList<BinaryRow> rows) => new(rows.Count,
    [
        Column.Create("X1", 1, rows.Select(r => r.X1).ToArray()),
        Column.Create("X2", 1, rows.Select(r => r.X2).ToArray()),
    ]);

    public static ColumnBatch ToBatch(IReadOnlyList<MixedRow> rows) => new(rows.Count,
    [
        Column.Create("Age", 1, rows.Select(r => r.Age).ToArray()),
        Column.Create("IsMember", 1, rows.Select(r => r.IsMember).ToArray()),
        Column.Create("Comment", 1, rows.Select(r => r.Comment).ToArray()),
        Column.Create("Embedding", 3, rows.SelectMany(r => r.Embedding).ToArray()),
    ]);

    public static ColumnBatch ToBatch(IReadOnlyList<RegressionRow> rows) => new(rows.Count,
    [
        Column.Create("Size", 1, rows.Select(r => r.Size).ToArray()),
        Column.Create("Rooms", 1, rows.Select(r => r.Rooms).ToArray()),
    ]);

    public static ColumnBatch ToBatch(IReadOnlyList<FlowerRow> rows) => new(rows.Count,
    [
        Column.Create("Measurements", 4, rows.SelectMany(r => r.Measurements).ToArray()),
    ]);
}
