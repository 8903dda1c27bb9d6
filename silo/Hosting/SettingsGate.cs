using Microsoft.Extensions.Options;

namespace Mle.Silo.Hosting;

/// <summary>
/// Runs every <c>ValidateOnStart</c> validator when the host resolves its hosted services, before the silo's own
/// hosted service is built. The host calls the validators only after that, and the silo's constructor already
/// builds the providers and checks its own configuration: an unknown provider name would surface as a missing
/// service or a null connection string instead of a message naming the setting. Registered ahead of Orleans.
/// </summary>
internal sealed class SettingsGate : IHostedService
{
    public SettingsGate(IStartupValidator validator) => validator.Validate();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
