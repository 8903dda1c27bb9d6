using System.Globalization;

namespace Mle.Naming;

/// <summary>One version of a model; its <see cref="Key"/> keys <c>IModelVersionGrain</c> and <c>IScoringWorker</c>.</summary>
[GenerateSerializer, Immutable]
public readonly record struct ModelVersionRef(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Model,
    [property: Id(2)] int Version)
{
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Tenant}/{Model}/{Version}");

    public ModelRef ModelRef => new(Tenant, Model);

    /// <summary>Parses a grain key <c>{tenant}/{model}/{version}</c>.</summary>
    public static ModelVersionRef ParseKey(string key)
    {
        var last = key.LastIndexOf('/');
        if (last <= 0 || !int.TryParse(key.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new FormatException($"'{key}' is not a model version key of the form tenant/model/version.");
        }
        var model = ModelRef.ParseKey(key[..last]);
        return new ModelVersionRef(model.Tenant, model.Model, version);
    }

    public override string ToString() => Key;
}
