namespace Mle.Features;

/// <summary>
/// The one definition of window bounds, used by ingestion, lookups and point-in-time reads alike. Windows are
/// half-open, <c>(T − window, T]</c>: an event exactly <c>window</c> old is out, one at <c>T</c> is in. <c>T</c> is the
/// evaluation time rounded down to a whole number of hops since 0001-01-01 (for hops that divide a day, whole hops
/// since midnight UTC), so a window is exactly a run of whole tiles and never sees an event later than the
/// evaluation time. With a hop of 1s, a lookup at a whole second <c>t</c> covers exactly <c>(t − window, t]</c>; an
/// aggregate's value changes once per hop, while raw features change at once.
/// </summary>
public static class Window
{
    /// <summary>The tile an event time belongs to: tile <c>k</c> holds <c>(k·hop, (k+1)·hop]</c>.</summary>
    public static long TileOf(long eventTicks, long hopTicks) => FloorDiv(eventTicks - 1, hopTicks);

    /// <summary>The end <c>T</c> of the window evaluated at <paramref name="atTicks"/>.</summary>
    public static long End(long atTicks, long hopTicks) => FloorDiv(atTicks, hopTicks) * hopTicks;

    /// <summary>The first and last tile of the window of <paramref name="windowTicks"/> evaluated at <paramref name="atTicks"/>.</summary>
    public static (long First, long Last) Tiles(long atTicks, long windowTicks, long hopTicks)
    {
        var end = End(atTicks, hopTicks) / hopTicks;
        return (end - windowTicks / hopTicks, end - 1);
    }

    /// <summary>Whether an event at <paramref name="eventTicks"/> is in the window evaluated at <paramref name="atTicks"/>.</summary>
    public static bool Contains(long eventTicks, long atTicks, long windowTicks, long hopTicks)
    {
        var end = End(atTicks, hopTicks);
        return eventTicks > end - windowTicks && eventTicks <= end;
    }

    private static long FloorDiv(long a, long b)
    {
        var q = Math.DivRem(a, b, out var r);
        return r < 0 ? q - 1 : q;
    }
}
