using System.Globalization;
using Microsoft.Extensions.Options;

namespace Mle.Silo.Hosting;

/// <summary>
/// The failures an options validator finds, each named by its full setting path (<c>Mle:Clustering:SiloPort</c>):
/// the name a person types in appsettings, an environment variable or a command-line argument.
/// </summary>
internal sealed class SettingFailures(string section)
{
    private readonly List<string> _failures = [];

    public string Setting(string key) => $"{section}:{key}";

    public void Add(string failure) => _failures.Add(failure);

    /// <summary>A provider name must be one the host can wire: a typo fails instead of falling back silently.</summary>
    public void OneOf(string key, string? value, IEnumerable<string> choices)
    {
        var names = choices.ToList();
        if (value is null || !names.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            Add($"{Setting(key)} '{value}' is not one of {string.Join(", ", names)}.");
        }
    }

    public void Required(string key, string? value, string because)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add($"{Setting(key)} is required {because}.");
        }
    }

    public void Port(string key, int port)
    {
        if (port is < 1 or > 65535)
        {
            Add(string.Create(CultureInfo.InvariantCulture, $"{Setting(key)} {port} is not a TCP port (1-65535)."));
        }
    }

    public ValidateOptionsResult Result() =>
        _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);
}
