namespace Mle.Tests.Integration.Infrastructure.Servers;

/// <summary>One private <see cref="AzuriteServer"/> for the tests of a class.</summary>
public sealed class AzuriteFixture : ServerFixture<AzuriteServer>
{
    protected override Task<AzuriteServer> Start() => AzuriteServer.StartAsync();
}
