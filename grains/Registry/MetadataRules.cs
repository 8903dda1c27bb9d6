using System.Text;
using Mle.Configuration;
using Mle.Errors;

namespace Mle.Registry;

/// <summary>
/// The bounds on what people write into the registry: descriptions, tags, metrics and lineage parameters
/// (<see cref="LimitsOptions"/>). Applied by the gateway before an upload is stored and again by the model grain,
/// the last line, so that nothing is kept that could not be listed, serialized or written back:
/// no metric that is not a finite number, no string that is not valid UTF-16.
/// </summary>
public sealed class MetadataRules(LimitsOptions limits)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public string? Description(string? description)
    {
        if (description is null)
        {
            return null;
        }
        if (description.Length > limits.MaxDescriptionLength)
        {
            throw MleErrors.MetadataTooLarge("description length", description.Length, limits.MaxDescriptionLength, nameof(LimitsOptions.MaxDescriptionLength), "description");
        }
        return Text(description, "description");
    }

    public Dictionary<string, string> Tags(IReadOnlyDictionary<string, string>? tags, string target = "tags")
    {
        var valid = RegistryTags.Validate(tags);
        if (valid.Count > limits.MaxTags)
        {
            throw MleErrors.MetadataTooLarge($"number of {target}", valid.Count, limits.MaxTags, nameof(LimitsOptions.MaxTags), target);
        }
        foreach (var (key, value) in valid)
        {
            if (key.Length > limits.MaxTagKeyLength)
            {
                throw MleErrors.MetadataTooLarge($"length of the key '{Preview(key)}' in {target}", key.Length, limits.MaxTagKeyLength, nameof(LimitsOptions.MaxTagKeyLength), target);
            }
            if (value.Length > limits.MaxTagValueLength)
            {
                throw MleErrors.MetadataTooLarge($"length of the value of '{key}' in {target}", value.Length, limits.MaxTagValueLength, nameof(LimitsOptions.MaxTagValueLength), target);
            }
            Text(key, target);
            Text(value, target);
        }
        return valid;
    }

    public Dictionary<string, double> Metrics(IReadOnlyDictionary<string, double>? metrics)
    {
        var valid = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in metrics ?? new Dictionary<string, double>())
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw MleErrors.InvalidRequest("Metric names must be non-empty.", "metrics");
            }
            if (name.Length > limits.MaxMetricNameLength)
            {
                throw MleErrors.MetadataTooLarge($"length of the metric name '{Preview(name)}'", name.Length, limits.MaxMetricNameLength, nameof(LimitsOptions.MaxMetricNameLength), "metrics");
            }
            if (!double.IsFinite(value))
            {
                throw MleErrors.InvalidMetric(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            valid[Text(name, "metrics")] = value;
        }
        if (valid.Count > limits.MaxMetrics)
        {
            throw MleErrors.MetadataTooLarge("number of metrics", valid.Count, limits.MaxMetrics, nameof(LimitsOptions.MaxMetrics), "metrics");
        }
        return valid;
    }

    /// <summary>Lineage strings follow the description's bound; its parameters follow the tags' bounds.</summary>
    public Lineage Lineage(Lineage? lineage)
    {
        if (lineage is null)
        {
            return Registry.Lineage.None;
        }
        return new Lineage(
            Bounded(lineage.RunId, "lineage.runId"),
            Bounded(lineage.Dataset, "lineage.dataset"),
            Tags(lineage.Parameters, "lineage.parameters"));
    }

    /// <summary>An idempotency key: printable ASCII, at most <see cref="LimitsOptions.MaxIdempotencyKeyLength"/> characters.</summary>
    public string? IdempotencyKey(string? key)
    {
        if (key is null)
        {
            return null;
        }
        if (key.Length == 0 || key.Length > limits.MaxIdempotencyKeyLength || !key.All(c => c is >= '!' and <= '~'))
        {
            throw MleErrors.InvalidRequest(
                $"An Idempotency-Key is 1 to {limits.MaxIdempotencyKeyLength} printable ASCII characters without spaces (Mle:Limits:MaxIdempotencyKeyLength).",
                "Idempotency-Key");
        }
        return key;
    }

    private string? Bounded(string? text, string target)
    {
        if (text is not null && text.Length > limits.MaxDescriptionLength)
        {
            throw MleErrors.MetadataTooLarge($"length of {target}", text.Length, limits.MaxDescriptionLength, nameof(LimitsOptions.MaxDescriptionLength), target);
        }
        return text is null ? null : Text(text, target);
    }

    /// <summary>A lone surrogate cannot be encoded as UTF-8: it would be stored and then fail every read.</summary>
    private static string Text(string text, string target)
    {
        try
        {
            _ = StrictUtf8.GetByteCount(text);
            return text;
        }
        catch (EncoderFallbackException)
        {
            throw MleErrors.InvalidRequest($"The {target} is not valid Unicode text (it has a lone surrogate).", target);
        }
    }

    private static string Preview(string text) => text.Length <= 16 ? text : text[..16] + "...";
}
