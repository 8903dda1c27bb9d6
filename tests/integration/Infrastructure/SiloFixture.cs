namespace Mle.Tests.Integration.Infrastructure;

/// <summary>One <see cref="TestSilo"/> with default settings, shared by the tests of a class (<c>IClassFixture&lt;SiloFixture&gt;</c>).</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    private TestSilo? _silo;

    public TestSilo Silo => _silo ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}
