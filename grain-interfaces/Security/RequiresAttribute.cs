namespace Mle.Security;

/// <summary>
/// What a grain method needs when a client outside the cluster calls it (the SDK through a gateway). The silo's
/// client call filter reads it, the one place SDK calls are authorized: the caller's role must have
/// <see cref="Permission"/>, and the tenant-qualified name (<c>{tenant}/...</c>: the grain's key, or the argument at
/// <see cref="NameArgument"/>) must be in the caller's tenant, else the name is "not found". A method without it
/// is internal: clients may not call it at all.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class RequiresAttribute(Permission permission) : Attribute
{
    public Permission Permission { get; } = permission;

    /// <summary>The argument that holds the tenant-qualified name, for grains whose key is not one (-1: the key).</summary>
    public int NameArgument { get; init; } = -1;
}
