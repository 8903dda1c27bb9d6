using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Mle.Tests.Support;

/// <summary>A Parquet file read back whole with Parquet.Net, column by column, and its cells as the CSV writes them.</summary>
public static class ParquetColumns
{
    public static async Task<List<(DataField Field, List<object?> Values)>> Read(byte[] file)
    {
        using var stream = new MemoryStream(file);
        await using var reader = await ParquetReader.CreateAsync(stream);
        return await Read(reader);
    }

    public static async Task<List<(DataField Field, List<object?> Values)>> Read(ParquetReader reader)
    {
        var columns = reader.Schema.DataFields.Select(f => (Field: f, Values: new List<object?>())).ToList();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            foreach (var (field, values) in columns)
            {
                values.AddRange(await Read(group, field, (int)group.RowCount));
            }
        }
        return columns;
    }

    /// <summary>A cell as the CSV has it: null as empty, numbers invariant and round-trippable.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTime t => Instant(t),
        _ => (string)value,
    };

    /// <summary>A UTC instant to the tick, whatever its <see cref="DateTime.Kind"/>.</summary>
    public static string Instant(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture);

    /// <summary>A time cut to whole microseconds, as a Parquet timestamp in microseconds keeps it.</summary>
    public static DateTime ToMicroseconds(DateTime time) => new(time.Ticks - time.Ticks % 10, time.Kind);

    private static async Task<IEnumerable<object?>> Read(ParquetRowGroupReader group, DataField field, int count)
    {
        if (field.ClrType == typeof(double))
        {
            return await ReadNullable<double>(group, field, count);
        }
        if (field.ClrType == typeof(long))
        {
            return await ReadNullable<long>(group, field, count);
        }
        if (field.ClrType == typeof(bool))
        {
            return await ReadNullable<bool>(group, field, count);
        }
        if (field.ClrType == typeof(DateTime))
        {
            return await ReadNullable<DateTime>(group, field, count);
        }
        var strings = new string?[count];
        await group.ReadAsync(field, strings.AsMemory());
        return strings;
    }

    private static async Task<IEnumerable<object?>> ReadNullable<T>(ParquetRowGroupReader group, DataField field, int count)
        where T : struct
    {
        var values = new T?[count];
        await group.ReadAsync<T>(field, values.AsMemory());
        return values.Cast<object?>();
    }
}
