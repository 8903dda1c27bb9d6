namespace Mle.Security;

/// <summary>The persisted ids of one tenant's API keys (grain <see cref="ApiKeyDirectoryGrain"/>).</summary>
[GenerateSerializer]
public sealed class ApiKeyDirectoryState
{
    [Id(0)] public SortedSet<string> Keys { get; set; } = new(StringComparer.Ordinal);
}
