using System.Globalization;
using System.Text;

namespace Mle.Silo.Audit;

/// <summary>How an audited call names what it touches, in the one form REST and SDK entries share: <c>models/churn/aliases/champion</c>.</summary>
public static class AuditResource
{
    private const string ApiPrefix = "/api/v1/";

    /// <summary>A REST request's resource: its path under <c>/api/v1/</c> (any other path without its leading slash).</summary>
    public static string OfPath(string path) =>
        path.StartsWith(ApiPrefix, StringComparison.Ordinal) ? path[ApiPrefix.Length..].TrimEnd('/') : path.TrimStart('/').TrimEnd('/');

    /// <summary>
    /// An SDK call's resource from its <see cref="Mle.Audit.AuditedAttribute.Resource"/> template: <c>{name}</c> is the
    /// tenant-qualified <paramref name="qualifiedName"/> without its tenant, <c>{0}</c>, <c>{1}</c>... the call's arguments.
    /// </summary>
    public static string OfCall(string template, string? qualifiedName, Func<int, object?> argument)
    {
        var name = qualifiedName is null ? "" : qualifiedName[(qualifiedName.IndexOf('/', StringComparison.Ordinal) + 1)..];
        return Fill(template, slot => slot == "name" ? name
            : int.TryParse(slot, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? Convert.ToString(argument(index), CultureInfo.InvariantCulture)
            : null);
    }

    /// <summary>A route's resource from its <see cref="AuditedRoute.Resource"/> template: <c>{version}</c> is the route value.</summary>
    public static string OfRoute(string template, RouteValueDictionary values) =>
        Fill(template, slot => values.TryGetValue(slot, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null);

    /// <summary>The template with each <c>{slot}</c> replaced by its value; a slot without one stays as written.</summary>
    private static string Fill(string template, Func<string, string?> slotValue)
    {
        var text = new StringBuilder(template.Length + 32);
        for (var i = 0; i < template.Length; i++)
        {
            var close = template[i] == '{' ? template.IndexOf('}', i) : -1;
            if (close < 0)
            {
                text.Append(template[i]);
                continue;
            }
            text.Append(slotValue(template[(i + 1)..close]) ?? template[i..(close + 1)]);
            i = close;
        }
        return text.ToString();
    }
}
