using Microsoft.Extensions.Options;
using Mle.Security;
using Mle.Silo.Hosting;

namespace Mle.Silo.Security;

/// <summary>
/// Makes sure a new installation has an admin: the key of <c>Mle:Security:BootstrapKey</c>, or else the one in
/// <c>{DataDirectory}/admin.key</c>, generated (and logged once) at the first start. Runs after the silo started,
/// before Kestrel accepts requests. A revoked bootstrap key stays revoked.
/// </summary>
internal sealed partial class BootstrapAdminKey(
    IGrainFactory grains,
    IOptions<SecurityOptions> security,
    IOptions<MleOptions> mle,
    ILogger<BootstrapAdminKey> logger) : IHostedService
{
    public const string FileName = "admin.key";

    public string FilePath => Path.Combine(mle.Value.DataPath, FileName);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!security.Value.Enabled)
        {
            LogSecurityOff(logger);
            return;
        }
        var token = Configured() ?? Saved() ?? Generate();
        var grant = new ApiKeyGrant(security.Value.BootstrapTenant, Role.Admin, "bootstrap", token.SecretHash, "bootstrap");
        var key = await grains.GetGrain<IApiKeyGrain>(token.Id).Create(grant).WaitAsync(cancellationToken);
        if (key.RevokedAt is not null)
        {
            LogRevoked(logger, key.Id);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private ApiKeyToken? Configured() =>
        ApiKeyToken.TryParse(security.Value.BootstrapKey, out var token) ? token : null;

    private ApiKeyToken? Saved()
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }
        return ApiKeyToken.TryParse(File.ReadAllText(FilePath).Trim(), out var token)
            ? token
            : throw new InvalidOperationException($"{FilePath} does not hold an API key (mle_<id>_<secret>); delete it to generate a new one.");
    }

    private ApiKeyToken Generate()
    {
        var token = ApiKeyToken.Generate();
        Directory.CreateDirectory(mle.Value.DataPath);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created readable by its owner only, never briefly wider.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var file = new StreamWriter(FilePath, options))
        {
            file.WriteLine(token.ToString());
        }
        LogGenerated(logger, token.ToString(), FilePath);
        return token;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Generated the bootstrap admin key {Key}. It is saved to {Path} (readable by its owner only) and is not shown again.")]
    private static partial void LogGenerated(ILogger logger, string key, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The bootstrap admin key {KeyId} is revoked; it does not authenticate.")]
    private static partial void LogRevoked(ILogger logger, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mle:Security:Enabled is false: every caller is an admin of the default tenant.")]
    private static partial void LogSecurityOff(ILogger logger);
}
