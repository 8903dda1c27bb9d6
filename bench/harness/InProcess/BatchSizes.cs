namespace Mle.Bench.InProcess;

/// <summary>The batch sizes of the in-process case, shared by both sides.</summary>
public static class BatchSizes
{
    public const int Small = 100;
    public const int Large = 1_000;
}
