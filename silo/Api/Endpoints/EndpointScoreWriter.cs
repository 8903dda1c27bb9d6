using System.Text.Json;
using Mle.Endpoints;
using Mle.Silo.Api.Json;

namespace Mle.Silo.Api.Endpoints;

/// <summary>
/// Writes <c>{"endpoint", "version", "requestId", "predictions": [{...}], "routes": [{"variant", "model", "version"}]}</c>:
/// one prediction and one route per row, in request order. A route names the decisions the row met
/// (<c>variant</c>, <c>canary</c>, <c>segment</c>, <c>endpoint</c>) and the model that scored it (<c>model</c>,
/// <c>version</c>), or <c>models</c> when several did (an ensemble, a chain).
/// </summary>
internal static class EndpointScoreWriter
{
    public static async Task Write(HttpResponse response, string requestId, EndpointScore score, CancellationToken cancellationToken)
    {
        response.ContentType = "application/json; charset=utf-8";
        var writer = JsonWriterPool.Rent(response.BodyWriter);
        try
        {
            writer.WriteStartObject();
            writer.WriteString("endpoint"u8, score.Endpoint.Name);
            writer.WriteNumber("version"u8, score.Endpoint.Version);
            writer.WriteString("requestId"u8, requestId);
            writer.WriteStartArray("predictions"u8);
            for (var row = 0; row < score.RowCount; row++)
            {
                var (outputs, at) = score.Prediction(row);
                writer.WriteStartObject();
                foreach (var column in outputs.Columns)
                {
                    writer.WritePropertyName(EncodedNames.Of(column.Name));
                    ColumnValueWriter.WriteRow(writer, column, at);
                }
                writer.WriteEndObject();
                if (writer.BytesPending > 64 * 1024)
                {
                    await writer.FlushAsync(cancellationToken);
                }
            }
            writer.WriteEndArray();
            writer.WriteStartArray("routes"u8);
            foreach (var route in score.Routes)
            {
                WriteRoute(writer, route);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken);
        }
        finally
        {
            JsonWriterPool.Return(writer);
        }
    }

    public static void WriteRoute(Utf8JsonWriter writer, RowRoute route)
    {
        writer.WriteStartObject();
        foreach (var (step, value) in route.Steps)
        {
            writer.WriteString(step, value);
        }
        if (route.Models.Count == 1)
        {
            writer.WriteString("model"u8, route.Models[0].Model);
            writer.WriteNumber("version"u8, route.Models[0].Version);
        }
        else
        {
            writer.WriteStartArray("models"u8);
            foreach (var (model, version) in route.Models)
            {
                writer.WriteStartObject();
                writer.WriteString("model"u8, model);
                writer.WriteNumber("version"u8, version);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }
}
