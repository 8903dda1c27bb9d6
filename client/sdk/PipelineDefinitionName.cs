using System.Text.Json;
using Mle.Errors;

namespace Mle.Client;

/// <summary>The name a definition gives its pipeline: which grain to send it to. The silo validates the rest.</summary>
internal static class PipelineDefinitionName
{
    public static string Of(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("name", out var name)
                && name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }
        catch (JsonException error)
        {
            throw MleErrors.InvalidRequest($"The definition is not valid JSON: {error.Message}", "definition");
        }
        throw MleErrors.InvalidRequest("The definition needs a \"name\".", "name");
    }
}
