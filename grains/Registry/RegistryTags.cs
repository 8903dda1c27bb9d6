using Mle.Errors;

namespace Mle.Registry;

/// <summary>The rule for model and version tags: a non-empty key without '=', so <c>key=value</c> search stays unambiguous.</summary>
public static class RegistryTags
{
    public static Dictionary<string, string> Validate(IReadOnlyDictionary<string, string>? tags)
    {
        var valid = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(key) || key.Contains('='))
            {
                throw MleErrors.InvalidRequest($"Tag key '{key}' must be non-empty and must not contain '='.", "tags");
            }
            valid[key] = value ?? "";
        }
        return valid;
    }
}
