namespace Mle.Security;

/// <summary>The ids of a tenant's API keys (key: the tenant), for listing.</summary>
public interface IApiKeyDirectoryGrain : IGrainWithStringKey
{
    Task Add(string keyId);

    Task<IReadOnlyList<string>> List();
}
