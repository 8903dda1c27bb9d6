using System.Diagnostics;
using Mle.Tests.Integration.Durability;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Backends;

/// <summary>The real silo process, as an operator starts it, on backends that are not there or say no.</summary>
public sealed class UnreachableBackendProcessTests
{
    [Fact]
    public async Task The_silo_process_exits_with_code_3_naming_the_setting_and_the_endpoint_when_its_database_is_down()
    {
        var port = FreePorts.Take(1)[0];
        var data = Directory.CreateTempSubdirectory("mle-unreachable-");
        var started = Stopwatch.StartNew();
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.Start(data.FullName, new Dictionary<string, string>
            {
                ["Mle:Storage:Provider"] = "PostgreSql",
                ["Mle:Storage:ConnectionString"] = $"Host=127.0.0.1;Port={port};Username=postgres;Database=mle",
                ["Mle:Startup:BackendTimeout"] = "00:00:03",
            }, TimeSpan.FromSeconds(60)));

            // The whole message on failure: it carries the silo's own output, which says what it met instead.
            Assert.True(error.Message.Contains("exited with code 3", StringComparison.Ordinal), error.Message);
            Assert.True(error.Message.Contains($"A backend could not be reached: Mle:Storage:ConnectionString: 127.0.0.1:{port}/mle could not be reached", StringComparison.Ordinal), error.Message);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(45), $"The silo took {started.Elapsed} to give up.");
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
