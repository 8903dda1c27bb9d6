namespace Mle.Audit;

/// <summary>
/// Marks a grain method a client outside the cluster (the SDK) may call as a change to audit: the silo's client call
/// filter records every call of it (see <see cref="AuditEntry"/>), refused ones included. <see cref="Resource"/> names
/// what it changes: <c>{name}</c> stands for the tenant-qualified name the call touches without its tenant (the
/// grain's key, or the <c>RequiresAttribute.NameArgument</c>), <c>{0}</c>, <c>{1}</c>... for the call's arguments:
/// <c>[Audited(AuditActions.AliasSet, "models/{name}/aliases/{0}")]</c>. The REST twin is <c>.Audited(action)</c> on a route.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AuditedAttribute(string action, string resource) : Attribute
{
    public string Action { get; } = action;

    public string Resource { get; } = resource;
}
