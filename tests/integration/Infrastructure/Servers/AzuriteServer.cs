using System.Globalization;

namespace Mle.Tests.Integration.Infrastructure.Servers;

/// <summary>
/// A private Azurite (npm <c>azurite</c>: Azure Blob, Queue and Table storage) on three free loopback ports, keeping
/// its data in a temporary folder. Its data lives as long as the server: silos may restart against it.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    public const string Install = "npm install -g azurite@3.35.0";

    /// <summary>Azurite's one account and its key, as published in Azurite's documentation: a local emulator's, not a secret.</summary>
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ServerProcess _process;
    private readonly DirectoryInfo _directory;

    private AzuriteServer(ServerProcess process, DirectoryInfo directory, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _directory = directory;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>An Azure Storage connection string with the three endpoints (<c>Mle:*:ConnectionString</c>).</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{Account};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{Account};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{Account};");

    /// <summary>Starts Azurite and waits (bounded) until its three services listen; fails or skips when it is not installed.</summary>
    public static async Task<AzuriteServer> StartAsync()
    {
        var executable = ServerBinary.Require("Azurite", Install, "azurite", "/usr/local/bin/azurite", "/usr/bin/azurite");
        var ports = FreePorts.Take(3);
        var directory = Directory.CreateTempSubdirectory("mle-azurite-");
        var process = ServerProcess.Start("azurite", executable,
        [
            "--blobHost", "127.0.0.1", "--blobPort", ports[0].ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", ports[1].ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", ports[2].ToString(CultureInfo.InvariantCulture),
            // Its databases and blobs on disk in a temporary folder, deleted on dispose.
            "--location", directory.FullName,
            // The Azure SDK may speak a newer service version than this Azurite knows; the calls we make exist in both.
            "--skipApiVersionCheck",
            "--loose",
            "--silent",
        ], waitFor: null, out var ready);
        var server = new AzuriteServer(process, directory, ports[0], ports[1], ports[2]);
        try
        {
            await process.WaitReady(ready, ports, StartTimeout);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
