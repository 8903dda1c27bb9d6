using System.Globalization;
using System.Text;

namespace Mle.Endpoints;

/// <summary>
/// A node written out canonically (the same text for the same node, however the JSON was spaced or ordered): what a
/// canary's identity is made of, so a rollback holds until the canary itself is edited.
/// </summary>
public static class NodeText
{
    public static string Of(EndpointNode node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private static void Write(EndpointNode node, StringBuilder text)
    {
        switch (node)
        {
            case ModelNode model:
                text.Append("model(").Append(model.Model).Append('@').Append(model.Version.ToString()).Append(')');
                break;
            case SplitNode split:
                text.Append("split(");
                foreach (var variant in split.Variants)
                {
                    text.Append(variant.Name).Append('=').Append(Number(variant.Weight)).Append(':');
                    Write(variant.Node, text);
                    text.Append(';');
                }
                text.Append(')');
                break;
            case ShadowNode shadow:
                text.Append("shadow(");
                Write(shadow.Primary, text);
                foreach (var candidate in shadow.Candidates)
                {
                    text.Append(';');
                    Write(candidate, text);
                }
                text.Append(')');
                break;
            case CanaryNode canary:
                text.Append("canary(").Append(Number(canary.Percent)).Append(';')
                    .Append(Number(canary.Rollback.MaxErrorRate)).Append(';').Append(Number(canary.Rollback.MaxP99Ms)).Append(';')
                    .Append(canary.Rollback.MinRequests.ToString(CultureInfo.InvariantCulture)).Append(';');
                Write(canary.Stable, text);
                text.Append(';');
                Write(canary.Candidate, text);
                text.Append(')');
                break;
            case EnsembleNode ensemble:
                text.Append("ensemble(").Append(ensemble.Combine).Append(';').Append(ensemble.Output);
                foreach (var member in ensemble.Members)
                {
                    text.Append(';').Append(Number(member.Weight)).Append(':');
                    Write(member.Node, text);
                }
                text.Append(')');
                break;
            case ChainNode chain:
                text.Append("chain(");
                foreach (var step in chain.Steps)
                {
                    Write(step, text);
                    text.Append(';');
                }
                text.Append(')');
                break;
            case SegmentNode segment:
                text.Append("segment(");
                foreach (var rule in segment.Rules)
                {
                    text.Append(rule.When.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(rule.When).Append("->");
                    Write(rule.Node, text);
                    text.Append(';');
                }
                Write(segment.Default, text);
                text.Append(')');
                break;
            case NestedEndpointNode nested:
                text.Append("endpoint(").Append(nested.Endpoint).Append(')');
                break;
        }
    }

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "-";
}
