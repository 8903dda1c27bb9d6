using Mle.Streams;

namespace Mle.Pipelines;

/// <summary>
/// The streams a pipeline with a <c>stream</c> source reads: every stream of the <c>mle</c> provider whose namespace
/// starts with <see cref="Prefix"/> (<c>input.transactions</c>, say) and whose key starts with the tenant
/// (<c>{tenant}</c> or <c>{tenant}/{anything}</c>). Each item is a <c>FeatureEvent</c>, the feature mart's event shape
/// (<c>id</c>, <c>entity</c>, <c>time</c>, <c>values</c>); a producer that calls <c>OnNextBatchAsync</c> hands the
/// pipelines one batch. The prefix keeps the platform's own namespaces (<see cref="StreamNames"/>) and a pipeline's
/// stream sinks out of every pipeline's input.
/// </summary>
public static class PipelineSourceStreams
{
    /// <summary>What every namespace a pipeline reads starts with.</summary>
    public const string Prefix = "input.";

    /// <summary>The implicit subscription of the sources' consumer: every namespace starting with <see cref="Prefix"/>.</summary>
    public const string NamespacePattern = @"^input\.";

    /// <summary>Why <paramref name="streamNamespace"/> cannot be a pipeline's source, or null when it can.</summary>
    public static string? Problem(string streamNamespace)
    {
        if (streamNamespace is StreamNames.Events or StreamNames.Pipelines or StreamNames.Predictions or StreamNames.Notifications or StreamNames.DeadLetters)
        {
            return $"'{streamNamespace}' is one of the platform's own stream namespaces; a pipeline reads a namespace starting with '{Prefix}', such as '{Prefix}{streamNamespace}'.";
        }
        return streamNamespace.StartsWith(Prefix, StringComparison.Ordinal) && streamNamespace.Length > Prefix.Length
            ? null
            : $"A pipeline reads a stream namespace starting with '{Prefix}', such as '{Prefix}{streamNamespace}', not '{streamNamespace}'.";
    }

    /// <summary>The tenant a source stream's key belongs to (its first segment).</summary>
    public static string TenantOf(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? key : key[..slash];
    }
}
