using Mle.Configuration;
using Mle.Errors;

namespace Mle.Security;

/// <summary>One API key: its grant, the hash of its secret, and whether it was revoked.</summary>
public sealed class ApiKeyGrain(
    [PersistentState("apikey", StorageNames.Registry)] IPersistentState<ApiKeyState> state,
    TimeProvider clock) : Grain, IApiKeyGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<ApiKeyInfo> Create(ApiKeyGrant grant)
    {
        var key = state.State;
        if (key.Tenant is not null)
        {
            if (key.Tenant != grant.Tenant || key.Role != grant.Role || !ApiKeyToken.HashesEqual(key.SecretHash, grant.SecretHash))
            {
                throw MleErrors.ApiKeyConflict(Id);
            }
            // A repeat after a failed directory write lists the key now.
            await GrainFactory.GetGrain<IApiKeyDirectoryGrain>(key.Tenant).Add(Id);
            return Info(key);
        }
        state.State = new ApiKeyState
        {
            Tenant = grant.Tenant,
            Role = grant.Role,
            Name = grant.Name,
            SecretHash = grant.SecretHash,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = grant.CreatedBy,
        };
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IApiKeyDirectoryGrain>(grant.Tenant).Add(Id);
        return Info(state.State);
    }

    public Task<ApiKeyInfo?> Get() => Task.FromResult(state.State.Tenant is null ? null : Info(state.State));

    public Task<Caller?> Verify(string secretHash)
    {
        var key = state.State;
        var valid = key.Tenant is not null && key.RevokedAt is null && ApiKeyToken.HashesEqual(key.SecretHash, secretHash);
        return Task.FromResult(valid ? new Caller(key.Tenant!, key.Role, Id) : null);
    }

    public async Task<ApiKeyInfo> Revoke()
    {
        var key = state.State;
        if (key.Tenant is null)
        {
            throw MleErrors.ApiKeyNotFound(Id);
        }
        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow();
            await state.WriteStateAsync();
        }
        return Info(key);
    }

    private ApiKeyInfo Info(ApiKeyState key) =>
        new(Id, key.Tenant!, key.Role, key.Name, key.CreatedAt, key.CreatedBy, key.RevokedAt);
}
