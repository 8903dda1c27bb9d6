using System.Net;

namespace Mle.Pipelines;

/// <summary>
/// Whether a webhook sink may post to a URL under <see cref="PipelinesOptions.WebhookAllowedHosts"/>: http or https
/// only, and a host the list names (exactly, by <c>*.domain</c>, or <c>*</c>); no list allows every host.
/// </summary>
public static class WebhookHosts
{
    public static bool Allows(IReadOnlyCollection<string>? allowed, Uri url)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
        {
            return false;
        }
        if (allowed is null)
        {
            return true;
        }
        var host = url.IdnHost.Trim('[', ']');
        foreach (var entry in allowed)
        {
            var rule = entry.Trim();
            if (rule == "*")
            {
                return true;
            }
            if (rule.StartsWith("*.", StringComparison.Ordinal))
            {
                if (host.EndsWith(rule[1..], StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(host, out _))
                {
                    return true;
                }
            }
            else if (string.Equals(host, rule.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
                || IPAddress.TryParse(host, out var address) && IPAddress.TryParse(rule.Trim('[', ']'), out var listed) && address.Equals(listed))
            {
                return true;
            }
        }
        return false;
    }
}
