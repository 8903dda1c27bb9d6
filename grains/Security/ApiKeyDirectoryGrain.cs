using Mle.Configuration;

namespace Mle.Security;

/// <summary>A tenant's API key ids; each key grain adds itself once it is recorded.</summary>
public sealed class ApiKeyDirectoryGrain(
    [PersistentState("apikeys", StorageNames.Registry)] IPersistentState<ApiKeyDirectoryState> state)
    : Grain, IApiKeyDirectoryGrain
{
    public async Task Add(string keyId)
    {
        if (state.State.Keys.Add(keyId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Keys]);
}
