using Microsoft.Extensions.Options;
using Mle.Silo.Hosting;
using Mle.Silo.Hosting.Backends;

// One process, the whole platform: the Orleans silo with its storage, reminders and streams, the
// artifact store, the registry and scoring, the REST gateway, the dashboard, health and telemetry.
// Every backend is chosen by the Mle configuration section; see MleHost for the list.
try
{
    var app = MleHost.Build(MleHost.CreateBuilder(args));
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException invalid)
{
    Console.Error.WriteLine($"Invalid configuration: {invalid.Message}");
    return 2;
}
catch (BackendUnreachableException unreachable)
{
    Console.Error.WriteLine($"A backend could not be reached: {unreachable.Message}");
    return 3;
}
