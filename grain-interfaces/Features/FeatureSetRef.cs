using Mle.Naming;

namespace Mle.Features;

/// <summary>A tenant-qualified feature set name; its <see cref="Key"/> is the <see cref="IFeatureSetGrain"/> key.</summary>
[GenerateSerializer, Immutable]
public readonly record struct FeatureSetRef([property: Id(0)] string Tenant, [property: Id(1)] string Name)
{
    public string Key => $"{Tenant}/{Name}";

    /// <summary>The <see cref="IFeatureEntityGrain"/> key of one of the set's entities.</summary>
    public string EntityKey(string entity) => $"{Tenant}/{Name}/{entity}";

    public static FeatureSetRef Create(string tenant, string name) =>
        new(Names.Require("tenant", tenant), Names.Require("feature set name", name));

    /// <summary>Parses <c>{tenant}/{name}</c>, or the prefix of an entity key <c>{tenant}/{name}/{entity}</c>.</summary>
    public static FeatureSetRef ParseKey(string key)
    {
        var parts = key.Split('/', 3);
        if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new FormatException($"'{key}' is not a feature set key of the form tenant/name.");
        }
        return new FeatureSetRef(parts[0], parts[1]);
    }

    public override string ToString() => Key;
}
