namespace Mle.Tests.Integration.Infrastructure.Servers;

/// <summary>
/// One server shared by the tests of a class (<c>IClassFixture&lt;RedisFixture&gt;</c>). A server that cannot start
/// (not installed, or failing) fails, or skips, each test that asks for <see cref="Server"/>, with the reason, rather
/// than the whole class with a fixture error; tests that use it are <c>[SkippableFact]</c>.
/// </summary>
public abstract class ServerFixture<TServer> : IAsyncLifetime
    where TServer : class, IAsyncDisposable
{
    private TServer? _server;
    private Exception? _failure;

    public TServer Server => _server ?? throw Rethrown();

    public async Task InitializeAsync()
    {
        try
        {
            _server = await Start();
        }
        catch (Exception e)
        {
            _failure = e;
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected abstract Task<TServer> Start();

    private Exception Rethrown() => _failure switch
    {
        SkipException skip => new SkipException(skip.Message),
        null => new InvalidOperationException("The fixture has not started."),
        var failure => new InvalidOperationException($"{typeof(TServer).Name} did not start: {failure.Message}", failure),
    };
}
