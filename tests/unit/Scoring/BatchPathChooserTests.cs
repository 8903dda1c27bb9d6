using Mle.Scoring.MlNet;

namespace Mle.Tests.Unit.Scoring;

public sealed class BatchPathChooserTests
{
    private static readonly TimeSpan Fast = TimeSpan.FromMicroseconds(100);
    private static readonly TimeSpan Slow = TimeSpan.FromMicroseconds(1_000);

    /// <summary>Lets the chooser pick, and records the time the test says that path takes.</summary>
    private static bool Take(BatchPathChooser chooser, int rows, TimeSpan rowPath, TimeSpan bulkPath)
    {
        var bulk = chooser.PreferBulk(rows);
        chooser.Record(rows, bulk, bulk ? bulkPath : rowPath);
        return bulk;
    }

    [Fact]
    public void Each_path_is_timed_before_a_band_decides()
    {
        var chooser = new BatchPathChooser();
        var taken = Enumerable.Range(0, 2 * BatchPathChooser.Trials).Select(_ => Take(chooser, 100, Fast, Slow)).ToArray();
        Assert.Equal(BatchPathChooser.Trials, taken.Count(bulk => !bulk));
        Assert.Equal(BatchPathChooser.Trials, taken.Count(bulk => bulk));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_faster_path_wins_once_both_are_timed(bool bulkIsFaster)
    {
        var chooser = new BatchPathChooser();
        var (rowPath, bulkPath) = bulkIsFaster ? (Slow, Fast) : (Fast, Slow);
        for (var i = 0; i < 2 * BatchPathChooser.Trials; i++)
        {
            Take(chooser, 300, rowPath, bulkPath);
        }
        var decided = Enumerable.Range(0, 50).Select(_ => Take(chooser, 300, rowPath, bulkPath)).ToArray();
        Assert.All(decided, bulk => Assert.Equal(bulkIsFaster, bulk));
    }

    [Fact]
    public void Bands_of_batch_sizes_decide_independently()
    {
        var chooser = new BatchPathChooser();
        for (var i = 0; i < 2 * BatchPathChooser.Trials; i++)
        {
            // Small batches: the row path is faster. Large batches: Transform is.
            Take(chooser, 100, Fast, Slow);
            Take(chooser, 2_000, Slow, Fast);
        }
        Assert.False(Take(chooser, 120, Fast, Slow));
        Assert.True(Take(chooser, 1_500, Slow, Fast));
    }

    [Fact]
    public void The_other_path_is_retried_now_and_then_and_a_change_is_followed()
    {
        var chooser = new BatchPathChooser();
        for (var i = 0; i < 2 * BatchPathChooser.Trials; i++)
        {
            Take(chooser, 500, Fast, Slow);
        }
        // From now on the bulk path has become the faster one; only the occasional retry can find out.
        var choices = Enumerable.Range(0, 20 * BatchPathChooser.ExploreEvery).Select(_ => Take(chooser, 500, Slow, Fast)).ToArray();
        Assert.Contains(true, choices.Take(2 * BatchPathChooser.ExploreEvery));
        // Once it has followed the change, the row path is taken only by the occasional retry.
        Assert.InRange(choices.TakeLast(4 * BatchPathChooser.ExploreEvery).Count(bulk => !bulk), 1, 4);
    }
}
