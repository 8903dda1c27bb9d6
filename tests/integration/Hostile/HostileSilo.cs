using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;
using Mle.Tests.Support.Onnx;

namespace Mle.Tests.Integration.Hostile;

/// <summary>One silo with the models the hostile requests aim at, registered once for the whole table.</summary>
public sealed class HostileSilo : IAsyncLifetime
{
    /// <summary>ML.NET, inputs X1 and X2 (float).</summary>
    public const string Binary = "binary";

    /// <summary>ONNX, inputs name (string), counts (int64, any length), weight (double).</summary>
    public const string Strings = "strings";

    /// <summary>ONNX, input x (float, any length) multiplied by a 3x1 matrix: only rows of 3 values can be computed.</summary>
    public const string Dynamic = "dynamic";

    private TestSilo? _silo;

    public TestSilo Silo => _silo ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>What the silo logs (at the levels its configuration lets through) once the models are registered.</summary>
    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        // The gateway's and the exception middleware's lines down to Debug, so a test sees how each rejection and abort is logged.
        _silo = await TestSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Mle.Silo.Api"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore.Diagnostics"] = "Debug",
        });
        await Silo.Http.RegisterModel(Binary, TestModels.BinaryClassifier);
        await Silo.Http.RegisterModel(Strings, TestModels.OnnxStringsAndIntegers);
        await Silo.Http.RegisterModel(Dynamic, DynamicWidthModel());
        Assert.Equal(HttpStatusCode.OK, (await Silo.Http.PostJson($"/api/v1/models/{Dynamic}/versions/1/score", """{"rows": [{"x": [1, 2, 3]}]}""")).StatusCode);
        Silo.Services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }

    // The schema allows any width, so only ONNX Runtime, running the MatMul, finds that a row of 2 cannot be multiplied.
    private static byte[] DynamicWidthModel() => new OnnxGraph()
        .Input("x", OnnxGraph.ElementType.Float, -1)
        .Initializer("w", [3, 1], [1f, 2f, 3f])
        .Node("MatMul", ["x", "w"], ["y"])
        .Output("y", OnnxGraph.ElementType.Float, 1)
        .ToModel();
}
