using System.Buffers;
using System.Text.Json;
using Mle.Endpoints;
using Mle.Errors;

namespace Mle.Silo.Api.Endpoints;

/// <summary>Reads <c>{"labels": [{"requestId": "...", "row": 0, "label": true} | {"entity": "c1", "label": "fraud"}]}</c>.</summary>
internal static class FeedbackReader
{
    public static IReadOnlyList<FeedbackLabel> Read(ReadOnlySequence<byte> body, int maxLabels)
    {
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("labels", out var labels)
            || labels.ValueKind != JsonValueKind.Array)
        {
            throw MleErrors.InvalidRequest("The body must be {\"labels\": [{\"requestId\" or \"entity\", \"label\"}, ...]}.", "labels");
        }
        if (labels.GetArrayLength() > maxLabels)
        {
            throw MleErrors.InvalidRequest($"The feedback has {labels.GetArrayLength()} labels; the limit is {maxLabels} (Mle:Endpoints:MaxFeedbackLabels).", "labels");
        }
        var result = new List<FeedbackLabel>();
        var index = 0;
        foreach (var item in labels.EnumerateArray())
        {
            var path = $"labels[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw MleErrors.InvalidRequest($"{path} must be an object.", path);
            }
            var requestId = item.TryGetProperty("requestId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            var entity = item.TryGetProperty("entity", out var e) ? e.ValueKind switch
            {
                JsonValueKind.String => e.GetString(),
                JsonValueKind.Number => e.GetRawText(),
                _ => null,
            } : null;
            if ((requestId is null) == (entity is null))
            {
                throw MleErrors.InvalidRequest($"{path} needs exactly one of \"requestId\" (with an optional \"row\") and \"entity\".", path);
            }
            var row = 0;
            if (item.TryGetProperty("row", out var rowJson) && (!rowJson.TryGetInt32(out row) || row < 0))
            {
                throw MleErrors.InvalidRequest($"{path}.row must be a row index (0 or more).", path + ".row");
            }
            object label = item.TryGetProperty("label", out var labelJson) ? labelJson.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String => labelJson.GetString()!,
                JsonValueKind.Number => labelJson.GetDouble(),
                _ => throw MleErrors.InvalidRequest($"{path}.label must be a bool, a string or a number.", path + ".label"),
            } : throw MleErrors.InvalidRequest($"{path} needs a \"label\".", path + ".label");
            result.Add(new FeedbackLabel(requestId, row, entity, label));
        }
        return result;
    }
}
