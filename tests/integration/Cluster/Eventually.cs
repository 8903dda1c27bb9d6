namespace Mle.Tests.Integration.Cluster;

/// <summary>Polls a condition until it holds or a deadline passes: for effects that arrive by message.</summary>
internal static class Eventually
{
    public static async Task<T> Holds<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        T last = default!;
        while (!deadline.IsCancellationRequested)
        {
            last = await probe();
            if (condition(last))
            {
                return last;
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        throw new TimeoutException($"{what} did not happen within {timeout}; last seen: {last}.");
    }
}
