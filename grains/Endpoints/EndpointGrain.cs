using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Errors;
using Mle.Naming;

namespace Mle.Endpoints;

/// <summary>
/// One endpoint: the single writer of its spec versions and of its canaries' rollback decisions. Not on the serving
/// path; after every change it pushes the endpoint to every silo's catalog (<see cref="EndpointUpdates"/>) and
/// refreshes the tenant's directory entry.
/// </summary>
/// <remarks>
/// Canary rollbacks are decided here for the whole cluster: each silo judges its own window of the candidate's calls
/// (traffic is spread over silos, so each sees a sample), stops sending it rows as soon as its window crosses the
/// rule and reports the evidence; the first report for a canary of the current spec is recorded and pushed to every
/// silo, later ones are ignored. A new spec keeps the decisions of the canaries it still has unchanged.
/// </remarks>
public sealed class EndpointGrain(
    [PersistentState("endpoint", StorageNames.Registry)] IPersistentState<EndpointState> state,
    IServiceProvider services)
    : Grain, IEndpointGrain
{
    // Resolved when used, not at activation: a silo without endpoints (AddMleEndpoints) still answers Find, which
    // model creation asks to keep names unique.
    private EndpointCompiler Compiler => services.GetService<EndpointCompiler>()
        ?? throw new InvalidOperationException("Endpoints are not enabled on this silo (AddMleEndpoints).");

    private EndpointsOptions Options => services.GetService<IOptions<EndpointsOptions>>()?.Value ?? new EndpointsOptions();

    private TimeProvider Time => services.GetService<TimeProvider>() ?? TimeProvider.System;

    private (string Tenant, string Name) Key
    {
        get
        {
            var key = this.GetPrimaryKeyString();
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            return (key[..slash], key[(slash + 1)..]);
        }
    }

    public async Task<EndpointInfo> Put(string spec)
    {
        var (tenant, name) = Key;
        Names.Require("endpoint name", name);
        if (spec.Length > Options.MaxSpecLength)
        {
            throw MleErrors.RequestTooLarge($"The spec is {spec.Length} characters; the limit is {Options.MaxSpecLength} (Mle:Endpoints:MaxSpecLength).",
                Options.MaxSpecLength, "spec");
        }
        if (await IsModel(tenant, name))
        {
            throw MleErrors.EndpointNameTaken(name, "a model");
        }
        var (parsed, problems) = EndpointSpecReader.Read(spec);
        var version = state.State.LastVersion + 1;
        CompiledEndpoint? compiled = null;
        if (parsed is not null)
        {
            var compilation = await Compiler.Compile(tenant, name, version, parsed);
            problems = [.. problems, .. compilation.Problems];
            compiled = compilation.Endpoint;
        }
        if (problems.Count > 0 || compiled is null)
        {
            throw MleErrors.InvalidEndpoint(name, problems);
        }

        var now = Time.GetUtcNow();
        var kept = state.State.Current?.Rollbacks.Where(r => compiled.CanaryIds.Contains(r.Key)).ToDictionary(r => r.Key, r => r.Value)
            ?? [];
        var info = new EndpointInfo(tenant, name, version, spec, parsed!.Description, state.State.Current?.CreatedAt ?? now, now, kept, state.State.Revision + 1);
        state.State.Current = info;
        state.State.LastVersion = version;
        state.State.Revision = info.Revision;
        state.State.Versions.Insert(0, info);
        if (state.State.Versions.Count > Options.MaxSpecVersions)
        {
            state.State.Versions.RemoveRange(Options.MaxSpecVersions, state.State.Versions.Count - Options.MaxSpecVersions);
        }
        await state.WriteStateAsync();
        await Changed(info);
        return info;
    }

    public Task<EndpointInfo> Get() =>
        state.State.Current is { } current ? Task.FromResult(current) : throw MleErrors.EndpointNotFound(Key.Name);

    public Task<EndpointInfo?> Find() => Task.FromResult(state.State.Current);

    public Task<IReadOnlyList<EndpointInfo>> Versions() =>
        state.State.Current is null ? throw MleErrors.EndpointNotFound(Key.Name) : Task.FromResult<IReadOnlyList<EndpointInfo>>([.. state.State.Versions]);

    public async Task Delete()
    {
        var (tenant, name) = Key;
        if (state.State.Current is null)
        {
            throw MleErrors.EndpointNotFound(name);
        }
        state.State.Current = null;
        state.State.Versions.Clear();
        state.State.Revision++;
        await state.WriteStateAsync();
        services.GetRequiredService<EndpointUpdates>().Publish(new EndpointChange(tenant, name, state.State.Revision, null));
        await GrainFactory.GetGrain<IEndpointDirectoryGrain>(tenant).Remove(name);
    }

    public async Task<bool> ReportRollback(string canaryId, RollbackEvidence evidence)
    {
        if (state.State.Current is not { } current || current.Rollbacks.ContainsKey(canaryId))
        {
            return false;
        }
        // A report about a canary the current spec no longer has (edited meanwhile) decides nothing. Read, not
        // compiled: the failing candidate may be exactly what no longer compiles.
        if (EndpointSpecReader.Read(current.Spec).Spec is not { } spec || !CanaryBoard.CanaryIds(spec.Graph).Contains(canaryId))
        {
            return false;
        }
        var info = current with
        {
            Rollbacks = new Dictionary<string, RollbackEvidence>(current.Rollbacks) { [canaryId] = evidence },
            Revision = state.State.Revision + 1,
        };
        state.State.Current = info;
        state.State.Revision = info.Revision;
        state.State.Versions[0] = info;
        await state.WriteStateAsync();
        await Changed(info);
        return true;
    }

    private async Task Changed(EndpointInfo info)
    {
        services.GetRequiredService<EndpointUpdates>().Publish(new EndpointChange(info.Tenant, info.Name, info.Revision, info));
        await GrainFactory.GetGrain<IEndpointDirectoryGrain>(info.Tenant).Upsert(info);
    }

    private async Task<bool> IsModel(string tenant, string name)
    {
        try
        {
            // The model's grain, not the catalog: a model created a moment ago may still be cached as missing.
            await GrainFactory.GetGrain<Registry.IModelGrain>(ModelRef.Create(tenant, name).Key).Get();
            return true;
        }
        catch (ModelNotFoundException)
        {
            return false;
        }
    }
}
