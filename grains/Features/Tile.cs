namespace Mle.Features;

/// <summary>
/// The summary of one hop of one series: the values whose event time falls in <c>(Index·hop, (Index+1)·hop]</c>
/// (see <see cref="Window"/>). A stats tile keeps count, sum, mean and M2 (Welford), min and max; a distinct tile
/// the hashes of its values; a last tile its newest values. <see cref="Newest"/> is the newest event time in it.
/// </summary>
[GenerateSerializer]
public sealed class Tile
{
    [Id(0)] public long Index { get; set; }
    [Id(1)] public long Count { get; set; }
    [Id(2)] public double Sum { get; set; }
    [Id(3)] public double Mean { get; set; }
    [Id(4)] public double M2 { get; set; }
    [Id(5)] public double Min { get; set; } = double.PositiveInfinity;
    [Id(6)] public double Max { get; set; } = double.NegativeInfinity;
    [Id(7)] public long Newest { get; set; }
    [Id(8)] public HashSet<long>? Distinct { get; set; }

    /// <summary>Newest first (<see cref="TimedValue.NewestFirst"/>), at most the series' n.</summary>
    [Id(9)] public List<TimedValue>? Last { get; set; }
}
