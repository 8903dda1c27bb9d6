namespace Mle.Naming;

/// <summary>A tenant-qualified model name; its <see cref="Key"/> is the <c>IModelGrain</c> key.</summary>
[GenerateSerializer, Immutable]
public readonly record struct ModelRef([property: Id(0)] string Tenant, [property: Id(1)] string Model)
{
    public string Key => $"{Tenant}/{Model}";

    public ModelVersionRef Version(int version) => new(Tenant, Model, version);

    public static ModelRef Create(string tenant, string model) =>
        new(Names.Require("tenant", tenant), Names.Require("model name", model));

    /// <summary>Parses a grain key <c>{tenant}/{model}</c>.</summary>
    public static ModelRef ParseKey(string key)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0 || slash == key.Length - 1 || key.IndexOf('/', slash + 1) >= 0)
        {
            throw new FormatException($"'{key}' is not a model key of the form tenant/model.");
        }
        return new ModelRef(key[..slash], key[(slash + 1)..]);
    }

    public override string ToString() => Key;
}
