using System.Numerics;

namespace Mle.Scoring.MlNet;

/// <summary>
/// Learns, for one engine, which ML.NET path is faster at each batch size. The row mapper costs the same per
/// row at any size; <c>Transform</c> pays a fixed pipeline setup per call and may then be cheaper per row, so
/// the crossover depends on the model (about 600 rows for a 300-tree LightGBM model, never for a two-feature
/// logistic regression). Batch sizes fall in power-of-two bands; a band times each path a few times, then
/// takes the one with the lower cost per row, and now and then tries the other in case the batches or the
/// machine changed. Not thread-safe: an engine belongs to one activation, which runs one call at a time.
/// </summary>
internal sealed class BatchPathChooser
{
    /// <summary>Timed calls of each path before a band decides.</summary>
    public const int Trials = 2;

    /// <summary>Once decided, one call in this many takes the other path to keep its cost current.</summary>
    public const int ExploreEvery = 128;

    /// <summary>The weight of the newest timing in a path's running cost per row.</summary>
    private const double Smoothing = 0.25;

    private readonly Band?[] _bands = new Band?[32];

    /// <summary>Whether the next batch of <paramref name="rows"/> rows should take the bulk path.</summary>
    public bool PreferBulk(int rows)
    {
        var band = _bands[BitOperations.Log2((uint)rows)] ??= new Band();
        band.Calls++;
        if (band.Row.Samples < Trials)
        {
            return false;
        }
        if (band.Bulk.Samples < Trials)
        {
            return true;
        }
        var bulkIsFaster = band.Bulk.CostPerRow < band.Row.CostPerRow;
        return band.Calls % ExploreEvery == 0 ? !bulkIsFaster : bulkIsFaster;
    }

    /// <summary>Records how long a batch of <paramref name="rows"/> rows took on the path it took.</summary>
    public void Record(int rows, bool bulk, TimeSpan elapsed)
    {
        var band = _bands[BitOperations.Log2((uint)rows)] ??= new Band();
        (bulk ? band.Bulk : band.Row).Add(elapsed.TotalMicroseconds / rows);
    }

    private sealed class Band
    {
        public long Calls;
        public readonly PathCost Row = new();
        public readonly PathCost Bulk = new();
    }

    private sealed class PathCost
    {
        public int Samples { get; private set; }

        public double CostPerRow { get; private set; }

        public void Add(double costPerRow)
        {
            CostPerRow = Samples == 0 ? costPerRow : (Smoothing * costPerRow) + ((1 - Smoothing) * CostPerRow);
            Samples++;
        }
    }
}
