namespace Mle.Endpoints;

/// <summary>
/// The path one request row took through an endpoint's graph, as the response's <c>routes</c> shows it: the
/// decisions on the way (<c>variant</c>, <c>canary</c>, <c>segment</c>, <c>endpoint</c>; a decision made twice, in
/// nested splits, reads <c>"a/b"</c>) and every model version that scored the row.
/// </summary>
public sealed class RowRoute
{
    private readonly List<KeyValuePair<string, string>> _steps = [];
    private readonly List<(string Model, int Version)> _models = [];
    private readonly List<(string Endpoint, VariantKey Key)> _variants = [];

    /// <summary>The decisions, in the order they were first made.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Steps => _steps;

    /// <summary>The model versions that scored the row (several for an ensemble or a chain).</summary>
    public IReadOnlyList<(string Model, int Version)> Models => _models;

    /// <summary>The variants and model nodes the row went through, by endpoint: what feedback on the row is credited to.</summary>
    public IReadOnlyList<(string Endpoint, VariantKey Key)> Variants => _variants;

    /// <summary>The value of one decision, or null.</summary>
    public string? this[string step] => _steps.FirstOrDefault(s => s.Key == step).Value;

    internal void Add(string step, string value)
    {
        lock (_steps)
        {
            var at = _steps.FindIndex(s => s.Key == step);
            if (at < 0)
            {
                _steps.Add(KeyValuePair.Create(step, value));
            }
            else
            {
                _steps[at] = KeyValuePair.Create(step, _steps[at].Value + "/" + value);
            }
        }
    }

    internal void AddVariant(string endpoint, VariantKey key)
    {
        lock (_steps)
        {
            _variants.Add((endpoint, key));
        }
    }

    internal void AddModel(string model, int version)
    {
        lock (_steps)
        {
            _models.Add((model, version));
        }
    }
}
