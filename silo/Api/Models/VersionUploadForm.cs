using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Mle.Silo.Api.Models;

/// <summary>
/// Describes the multipart body of <c>POST /api/v1/models/{name}/versions</c> in the OpenAPI document.
/// The endpoint reads the parts itself (to refuse an oversized artifact as it streams in), so nothing
/// binds them and the document needs to be told.
/// </summary>
internal sealed class VersionUploadForm : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<VersionUploadForm>().Any())
        {
            return Task.CompletedTask;
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The model file and what to record with it.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "artifact" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["artifact"] = Text("The ML.NET model zip or ONNX file.", format: "binary"),
                            ["flavor"] = Text("mlnet or onnx; detected from the file when absent."),
                            ["description"] = Text("What this version is."),
                            ["metrics"] = Text("A JSON object of numbers, e.g. {\"auc\": 0.91}."),
                            ["tags"] = Text("A JSON object of strings, e.g. {\"stage\": \"dev\"}."),
                            ["lineage"] = Text("A JSON object {\"runId\", \"dataset\", \"parameters\": {...}}."),
                        },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }

    private static OpenApiSchema Text(string description, string? format = null) =>
        new() { Type = JsonSchemaType.String, Format = format, Description = description };
}
